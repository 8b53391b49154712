import EVMArithmetic

/// The `marginBreakdown` view: every intermediate of the margin, in the
/// ABI's field order (Spec/operations/views.md).
public struct MarginBreakdown: Sendable, Hashable {
    public var equity: Int256
    public var collateralValue: UInt256
    public var sumBase: UInt256
    public var sumImpact: UInt256
    public var sumRisk: UInt256
    public var quadraticVaR: UInt256
    public var nettingFloorVaR: UInt256
    public var portfolioVaR: UInt256
    public var stressMultiplier: UInt256
    public var maintenanceMargin: UInt256
    public var initialMargin: UInt256
    /// The share of portfolioVaR an identity tier took off (WAD), 0 without one.
    public var tierDiscount: UInt256
}

extension EngineState {
    /// Spec/margin.md, "Margin", steps 1 to 6 in order.
    public func marginBreakdown(_ account: Address, now: UInt256) throws(ArithmeticFailure) -> MarginBreakdown {
        let holder = self.account(account)   // one look-up for every term below

        // 1. stress
        let stress = try stressMultiplier()

        // 2. per-position terms, markets 0..marketCount-1
        var sumBase = UInt256.zero, sumImpact = UInt256.zero, sumRisk = UInt256.zero
        var signedRisk = InlineArray<8, Int256>(repeating: .zero)   // Constants.maxMarkets, on the stack
        for m in 0..<marketCount {
            let size = holder.positions[m].size
            if size.isZero { continue }
            let terms = try positionTerms(size: size, m, now: now)              // 2a
            sumBase = try sumBase.checkedAdd(terms.base)                        // 2b
            sumImpact = try sumImpact.checkedAdd(terms.impact)                  // 2c
            sumRisk = try sumRisk.checkedAdd(terms.risk)                        // 2d
            signedRisk[m] = size.isNegative ? try negate(toInt(terms.risk)) : try toInt(terms.risk)  // 2e
        }

        // 3. quadratic form, i outer, j inner, each term rounded up
        var q = Int256.zero
        for i in 0..<marketCount where !signedRisk[i].isZero {
            for j in 0..<marketCount where !signedRisk[j].isZero {
                q = try add(q, correlationTerm(signedRisk[i], correlation[i][j], signedRisk[j]))
            }
        }

        // 4. portfolio VaR between the netting floor and the sum of risks
        let quadraticVaR = min(sqrtUp(try toUint(max(q, .zero))), sumRisk)                      // 4a
        let nettingFloorVaR = try mulUp(sumRisk, globalParams.nettingFloor, Constants.wad)       // 4b
        let portfolioVaR = max(quadraticVaR, nettingFloorVaR)                                   // 4c
        let discount = tierDiscount(of: holder, now: now)                                       // 4d

        // 5. maintenance and initial margin
        var core = try sumBase.checkedAdd(sumImpact)                                            // 5a
        core = try core.checkedAdd(portfolioVaR.checkedSub(mulDown(portfolioVaR, discount, Constants.wad)))  // 5b
        let mm = try mulUp(core, stress, Constants.wad)                                         // 5c
        let im = try mulUp(mm, Constants.wad.checkedAdd(globalParams.imBuffer), Constants.wad)  // 5d

        // 6. equity
        let collateral = try collateralValue(of: holder)
        let e = try equity(of: holder, collateralValue: collateral)
        return MarginBreakdown(
            equity: e, collateralValue: collateral, sumBase: sumBase, sumImpact: sumImpact,
            sumRisk: sumRisk, quadraticVaR: quadraticVaR, nettingFloorVaR: nettingFloorVaR,
            portfolioVaR: portfolioVaR, stressMultiplier: stress, maintenanceMargin: mm, initialMargin: im,
            tierDiscount: discount)
    }

    public func maintenanceMargin(_ account: Address, now: UInt256) throws(ArithmeticFailure) -> UInt256 {
        try marginBreakdown(account, now: now).maintenanceMargin
    }

    public func initialMargin(_ account: Address, now: UInt256) throws(ArithmeticFailure) -> UInt256 {
        try marginBreakdown(account, now: now).initialMargin
    }

    /// equity < MM.
    public func isLiquidatable(_ account: Address, now: UInt256) throws(ArithmeticFailure) -> Bool {
        let e = try equity(account)
        return e < (try toInt(maintenanceMargin(account, now: now)))
    }
}
