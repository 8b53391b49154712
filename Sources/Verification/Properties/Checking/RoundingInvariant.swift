import EVMArithmetic
import MarginEngine

/// invariants.md `rounding-favours-protocol`: the system's margin, equity,
/// fills, fees, penalties and rewards against the same formulas evaluated
/// exactly (GMP integers, ExactRational.swift).
///
/// Per-position terms and equity are compared exactly, square roots by
/// squaring. MM and IM involve sums of square roots, so they are compared
/// with a certified lower bound of the exact value: every term is bracketed
/// at 2^-128 wei and the brackets are combined monotonically, so a reported
/// violation is certain (a computed MM within 2^-128 wei below the exact one
/// would pass unnoticed). For a hedged account (a pair of positions with
/// sign(s_i)·sign(s_j)·ρ_ij < 0) the exact VaR uses the system's own risks
/// r_i: rounding r_i up can lower a hedged quadratic form, so the Spec's
/// claim holds there only from r_i onward (Spec/invariants.md, "Property
/// reports", notes).
enum RoundingInvariant {
    typealias X = ExactInteger

    static let scaleBits = 128
    static let scale = X.twoTo(scaleBits)

    /// Margin, equity and per-position terms of one account.
    /// `hedgeAware: false` applies the Spec's statement literally to hedged
    /// accounts too (see Spec/invariants.md, "Property reports", notes).
    static func checkAccount(_ r: MarginReader, _ account: Address, hedgeAware: Bool = true) -> Violation? {
        do { return try accountTerms(r, account, hedgeAware: hedgeAware) } catch {
            return Violation(.roundingFavoursProtocol, "the margin views of \(account) revert: \(error)")
        }
    }

    private static func fail(_ message: String) -> Violation { Violation(.roundingFavoursProtocol, message) }

    private static func accountTerms(_ r: MarginReader, _ account: Address, hedgeAware: Bool) throws -> Violation? {
        let state = r.state, now = r.now
        let W = X.wad, W2 = W * W, W3 = W2 * W
        let holder = state.account(account)

        // Equity: E <= collateral + cash + Σ (size·p − openNotional), all over WAD².
        let e = try r.equity(account)
        var exact = X(holder.cash) * W2
        for a in 0..<state.assetCount where !holder.collateral[a].isZero {
            let asset = state.assets[a]
            exact = exact + X(holder.collateral[a]) * X(asset.scale) * X(asset.price) * X(asset.weight)
        }
        for m in 0..<state.marketCount where !holder.positions[m].size.isZero {
            exact = exact + X(holder.positions[m].size) * X(state.markets[m].price) * W - X(holder.positions[m].openNotional) * W2
        }
        if X(e) * W2 > exact {
            return fail("\(account): equity \(e) > exact equity \(ExactRational(exact, W2))")
        }

        // Per-position terms, exactly; brackets of r, base and impact at 2^-128 wei.
        let F = scale
        var rLow: [Int: X] = [:], rHigh: [Int: X] = [:]
        var sumBase = X.zero, sumImpact = X.zero, sumRiskLow = X.zero
        for m in 0..<state.marketCount where !holder.positions[m].size.isZero {
            let market = state.markets[m], params = market.params
            guard now >= market.priceTime else { return nil }   // not an in-bounds state
            let terms = try r.system.positionTerms(state, account, m, now: now)
            let size = X(holder.positions[m].size.magnitude), p = X(market.price)
            let sizePrice = size * p
            let where_ = "\(account) market \(m)"
            if X(terms.notional) * W < sizePrice {
                return fail("\(where_): notional \(terms.notional) < exact \(ExactRational(sizePrice, W))")
            }
            let age = min(now &- market.priceTime, Constants.maxMarginOracleAge)
            let vtw = X(market.variance) * (X(params.liquidationHorizon) + X(age)) * W
            let hv = X(terms.horizonVolatility)
            if hv * hv < vtw {
                return fail("\(where_): horizonVolatility \(terms.horizonVolatility) < exact sqrt(\(vtw))")
            }
            // r = |s|·p·z·sqrt(vtw) / WAD³, times breakerMultiplier / WAD while the breaker is on.
            var amplitude = sizePrice * X(params.zScore)
            var denominator = W3
            if now < market.breakerUntil {
                amplitude = amplitude * X(params.breakerMultiplier)
                denominator = denominator * W
            }
            let riskSquare = amplitude * amplitude * vtw
            let risk = X(terms.risk) * denominator
            if risk * risk < riskSquare {
                let low = ExactRational(riskSquare.floorSquareRoot, denominator)
                return fail("\(where_): risk \(terms.risk) < exact risk \(low)")
            }
            let scaledSquare = riskSquare * F * F
            rLow[m] = scaledSquare.floorSquareRoot.floorDivided(by: denominator)
            rHigh[m] = scaledSquare.ceilSquareRoot.ceilDivided(by: denominator)
            sumRiskLow = sumRiskLow + rLow[m]!
            let baseExact = sizePrice * X(params.baseMarginRatio)
            if X(terms.base) * W2 < baseExact {
                return fail("\(where_): base \(terms.base) < exact \(ExactRational(baseExact, W2))")
            }
            sumBase = sumBase + (baseExact * F).floorDivided(by: W2)
            let impactExact = sizePrice * sizePrice * X(params.impactCoefficient)
            let impactDenominator = W3 * X(params.liquidityDepth)
            if X(terms.impact) * impactDenominator < impactExact {
                return fail("\(where_): impact \(terms.impact) < exact \(ExactRational(impactExact, impactDenominator))")
            }
            sumImpact = sumImpact + (impactExact * F).floorDivided(by: impactDenominator)
        }
        if rLow.isEmpty { return nil }
        // A hedge (a pair with sign(s_i)·sign(s_j)·ρ_ij < 0) lowers the quadratic
        // form when a leg's risk is rounded up, so for a hedged account the
        // exact VaR is taken from the system's own (already checked) risks:
        // only the rounding from r_i onward must favour the protocol there.
        let hedged = hedgeAware && MarginMonotonicity.isHedged(r.system, state, account, now)
        if hedged {
            sumRiskLow = .zero
            for m in rLow.keys.sorted() {
                let computed = X(try r.system.positionTerms(state, account, m, now: now).risk) * F
                rLow[m] = computed
                rHigh[m] = computed
                sumRiskLow = sumRiskLow + computed
            }
        }

        // Q >= Σ_ij sign·|ρ|·r_i·r_j / WAD with each product bracketed against its sign (units F²).
        var qLow = X.zero
        let open = rLow.keys.sorted()
        for i in open {
            for j in open {
                let rho = state.correlation[i][j]
                if rho.isZero { continue }
                let negative = (holder.positions[i].size.isNegative != rho.isNegative) != holder.positions[j].size.isNegative
                let magnitude = X(rho.magnitude)
                if negative {
                    qLow = qLow - (magnitude * rHigh[i]! * rHigh[j]!).ceilDivided(by: W)
                } else {
                    qLow = qLow + (magnitude * rLow[i]! * rLow[j]!).floorDivided(by: W)
                }
            }
        }
        let quadraticLow = X.min(X.max(qLow, .zero).floorSquareRoot, sumRiskLow)
        let floorLow = (sumRiskLow * X(state.globalParams.nettingFloor)).floorDivided(by: W)
        let coreLow = sumBase + sumImpact + X.max(quadraticLow, floorLow)
        let g = state.globalParams
        var mmLow = coreLow
        if !g.insuranceTarget.isZero && state.insuranceFund < g.insuranceTarget {
            let target = X(g.insuranceTarget)
            // S / WAD = 1 + γ·(target − fund) / (target·WAD)
            let numerator = W * target + X(g.stressGamma) * (target - X(state.insuranceFund))
            mmLow = (coreLow * numerator).floorDivided(by: target * W)
        }
        let b = try r.breakdown(account)
        if X(b.maintenanceMargin) * F < mmLow {
            return fail("\(hedged ? "hedged " : "")\(account): MM \(b.maintenanceMargin) < exact MM, which is at least "
                        + "\(ExactRational(mmLow, F)) (sumRisk \(b.sumRisk), quadraticVaR \(b.quadraticVaR), "
                        + "portfolioVaR \(b.portfolioVaR)\(hedged ? "; VaR from the computed risks" : ""))")
        }
        let imLow = (mmLow * (W + X(g.imBuffer))).floorDivided(by: W)
        if X(b.initialMargin) * F < imLow {
            return fail("\(account): IM \(b.initialMargin) < exact IM, which is at least \(ExactRational(imLow, F))")
        }
        return nil
    }

    /// Every fill cost >= exact, every fee and penalty >= exact, every
    /// reward <= exact, for the fills of one successful call. The cost of a
    /// fill is read off the account's `cash − Σ openNotional`, which a fill
    /// moves by exactly `−cost` (operations/common.md).
    static func checkCall(_ c: CallCheck) -> Violation? {
        guard c.succeeded else { return nil }
        let W = X.wad
        func costPaid(_ account: Address, besides other: X) -> X? {
            guard let before = c.pre.netCashOf(account), let after = c.post.netCashOf(account) else { return nil }
            return X(before) - X(after) + other
        }
        func checkCost(_ role: String, _ account: Address, _ delta: X, _ price: UInt256, besides other: X) -> Violation? {
            guard let cost = costPaid(account, besides: other) else { return nil }
            let exact = delta * X(price)
            if cost * W < exact {
                return fail("\(c.call.function.name): the \(role) \(account) paid \(cost) for a fill of \(delta) at \(price), "
                            + "less than the exact cost \(ExactRational(exact, W))")
            }
            return nil
        }
        switch c.call {
        case let .settleTrade(buyer, seller, _, size, price):
            guard let fee = c.events.trade?.fee else { return nil }
            let exactFee = X(size) * X(price) * X(c.pre.globalParams.feeRatio)
            if X(fee) * W * W < exactFee {
                return fail("settleTrade fee \(fee) < exact fee \(ExactRational(exactFee, W * W))")
            }
            // cash − ΣON moves by −cost − fee.
            if let v = checkCost("buyer", buyer, X(size), price, besides: -X(fee)) { return v }
            return checkCost("seller", seller, -X(size), price, besides: -X(fee))
        case let .liquidate(account, market, size):
            guard let m = c.pre.marketIndex(market), let event = c.events.liquidation else { return nil }
            let s = c.pre.sizeOf(account, m)
            let d = s.isNegative ? -X(size) : X(size)
            let exactPenalty = X(size) * X(event.price) * X(c.pre.globalParams.penaltyRatio)
            // The penalty is capped at the account's equity after the fills.
            if let e = try? c.preMargin.equity(account),
               let change = Reference.fillEquityChange(old: s, delta: Int256(negative: !s.isNegative, magnitude: size) ?? .zero,
                                                       fillPrice: event.price, markPrice: event.price),
               let eAfter = Reference.plus(e, change) {
                let cap = eAfter.isNegative ? X.zero : X(eAfter) * W * W
                if X(event.penalty) * W * W < X.min(exactPenalty, cap) {
                    return fail("liquidation penalty \(event.penalty) < exact min(penalty \(ExactRational(exactPenalty, W * W)), "
                                + "equity after the fills \(eAfter))")
                }
            }
            let exactReward = X(event.penalty) * X(c.pre.globalParams.liquidatorShare)
            if X(event.reward) * W > exactReward {
                return fail("liquidator reward \(event.reward) > exact reward \(ExactRational(exactReward, W))")
            }
            // account: cash − ΣON moves by −cost − penalty + covered; liquidator: −cost + reward.
            if let v = checkCost("liquidated account", account, -d, event.price, besides: X(event.covered) - X(event.penalty)) { return v }
            return checkCost("liquidator", c.sender, d, event.price, besides: X(event.reward))
        case let .deleverage(bankrupt, counterparty, market, size):
            guard let m = c.pre.marketIndex(market), let event = c.events.deleverage else { return nil }
            let d = c.pre.sizeOf(bankrupt, m).isNegative ? -X(size) : X(size)
            return checkCost("counterparty", counterparty, d, event.bankruptcyPrice, besides: .zero)
        default:
            return nil
        }
    }
}
