import EVMArithmetic
import MarginEngine

/// The margin invariants of Spec/invariants.md that are cheap enough for
/// every call: pure functions of one state, checked per account on the
/// system's own views.
enum MarginInvariants {
    /// `deep` adds the parts that re-evaluate the margin (the system's own
    /// `isLiquidatable`), which run with the sampled checks.
    static func check(_ invariant: Invariant, _ r: MarginReader, _ account: Address, deep: Bool) -> Violation? {
        do {
            switch invariant {
            case .imGeMM: return try imGeMM(r, account)
            case .varBetweenFloorAndSum: return try varBetweenFloorAndSum(r, account)
            case .stressBounds: return try stressBounds(r, account)
            case .noPositionsNoMargin: return try noPositionsNoMargin(r, account)
            case .liquidatableDefinition: return try liquidatableDefinition(r, account, deep: deep)
            case .equityIdentity: return try equityIdentity(r, account)
            case .tierDiscountCapped: return try tierDiscountCapped(r, account, deep: deep)
            case .expiredAttestationGrantsNothing: return try expiredAttestationGrantsNothing(r, account, deep: deep)
            default: return nil
            }
        } catch {
            return Violation(invariant, "the margin views of \(account) revert: \(error)")
        }
    }

    static func imGeMM(_ r: MarginReader, _ account: Address) throws -> Violation? {
        let b = try r.breakdown(account)
        if b.initialMargin >= b.maintenanceMargin { return nil }
        return Violation(.imGeMM, "\(account): IM \(b.initialMargin) < MM \(b.maintenanceMargin)")
    }

    static func varBetweenFloorAndSum(_ r: MarginReader, _ account: Address) throws -> Violation? {
        let b = try r.breakdown(account)
        if b.nettingFloorVaR <= b.portfolioVaR && b.portfolioVaR <= b.sumRisk && b.quadraticVaR <= b.sumRisk { return nil }
        return Violation(.varBetweenFloorAndSum, "\(account): nettingFloorVaR \(b.nettingFloorVaR), portfolioVaR \(b.portfolioVaR), "
                         + "quadraticVaR \(b.quadraticVaR), sumRisk \(b.sumRisk): expected floor <= portfolio <= sum and quadratic <= sum")
    }

    /// The bounds part of `stress-bounds`; monotonicity in the fund is in
    /// the sampled checks (MarginMonotonicity).
    static func stressBounds(_ r: MarginReader, _ account: Address) throws -> Violation? {
        let s = try r.breakdown(account).stressMultiplier
        let params = r.state.globalParams
        let (cap, overflow) = UInt256.wad.addingReportingOverflow(params.stressGamma)
        if s < .wad || (!overflow && s > cap) {
            return Violation(.stressBounds, "stress multiplier \(s) outside [WAD, WAD + stressGamma = \(cap)]")
        }
        if (params.insuranceTarget.isZero || r.state.insuranceFund >= params.insuranceTarget) && s != .wad {
            return Violation(.stressBounds, "stress multiplier \(s) != WAD with insuranceFund \(r.state.insuranceFund) "
                             + "and insuranceTarget \(params.insuranceTarget)")
        }
        return nil
    }

    static func noPositionsNoMargin(_ r: MarginReader, _ account: Address) throws -> Violation? {
        if r.state.hasOpenPositionIn(account) { return nil }
        let b = try r.breakdown(account)
        if b.maintenanceMargin.isZero && b.initialMargin.isZero && b.sumRisk.isZero { return nil }
        return Violation(.noPositionsNoMargin, "\(account) has no open position but MM \(b.maintenanceMargin), "
                         + "IM \(b.initialMargin), sumRisk \(b.sumRisk)")
    }

    static func liquidatableDefinition(_ r: MarginReader, _ account: Address, deep: Bool) throws -> Violation? {
        let e = try r.equity(account)
        let b = try r.breakdown(account)
        if b.equity != e {
            return Violation(.liquidatableDefinition, "\(account): marginBreakdown.equity \(b.equity) != equity \(e)")
        }
        guard deep else { return nil }
        let liquidatable = try r.system.isLiquidatable(r.state, account, now: r.now)
        let expected = Reference.int(b.maintenanceMargin).map { e < $0 } ?? true
        if liquidatable == expected { return nil }
        return Violation(.liquidatableDefinition, "\(account): isLiquidatable = \(liquidatable) with equity \(e) and MM "
                         + "\(b.maintenanceMargin)")
    }

    /// `E == collateralValue + cash + Σ_m unrealisedPnl(m)`, with the terms
    /// computed independently of the system (Reference).
    static func equityIdentity(_ r: MarginReader, _ account: Address) throws -> Violation? {
        let state = r.state
        let e = try r.equity(account)
        guard let (collateral, pnls) = referenceTerms(state, account) else { return nil }
        var total = Reference.int(collateral).flatMap { Reference.plus($0, state.cashOf(account)) }
        for pnl in pnls { total = total.flatMap { Reference.plus($0, pnl.1) } }
        guard let total else { return nil }
        if total == e {
            let b = try r.breakdown(account)
            if b.collateralValue == collateral { return nil }
            return Violation(.equityIdentity, "\(account): marginBreakdown.collateralValue \(b.collateralValue) != \(collateral) "
                             + "= Σ floor(floor(amount × scale × price) × weight)")
        }
        let terms = pnls.map { "unrealisedPnl[\($0.0)] \($0.1)" }.joined(separator: " + ")
        return Violation(.equityIdentity, "\(account): equity \(e) != collateralValue \(collateral) + cash \(state.cashOf(account))"
                         + (terms.isEmpty ? "" : " + " + terms) + " = \(total)")
    }

    /// The haircut collateral value (rounded down twice) and the unrealised
    /// PnL per open position (mark rounded toward minus infinity), nil if a
    /// value does not fit.
    static func referenceTerms(_ state: EngineState, _ account: Address) -> (UInt256, [(Int, Int256)])? {
        guard let holder = state.accounts[account] else { return (.zero, []) }
        var collateral = UInt256.zero
        for a in 0..<state.assetCount where !holder.collateral[a].isZero {
            let asset = state.assets[a]
            let (amount18, overflow) = holder.collateral[a].multipliedReportingOverflow(by: asset.scale)
            guard !overflow, let usd = Reference.mulDown(amount18, asset.price, .wad),
                  let value = Reference.mulDown(usd, asset.weight, .wad) else { return nil }
            let (sum, carry) = collateral.addingReportingOverflow(value)
            if carry { return nil }
            collateral = sum
        }
        var pnls: [(Int, Int256)] = []
        for m in 0..<state.marketCount where !holder.positions[m].size.isZero {
            let position = holder.positions[m]
            guard let value = Reference.valueAt(position.size, state.markets[m].price),
                  let pnl = Reference.minus(value, position.openNotional) else { return nil }
            pnls.append((m, pnl))
        }
        return (collateral, pnls)
    }
}
