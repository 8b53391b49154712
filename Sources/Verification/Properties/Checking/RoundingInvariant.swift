import EVMArithmetic
import ExactArithmetic
import MarginEngine

/// invariants.md `rounding-favours-protocol`: the system's margin, equity,
/// fills, fees, penalties and rewards against the same formulas evaluated
/// exactly (ExactArithmetic: GMP integers, ExactMargin).
///
/// Per-position terms and equity are compared exactly, square roots by
/// squaring, except a thinned impact: its depth has the factor sqrt(vL / v),
/// so it is compared with the exact impact's lower bound at 2^-256 of that
/// factor (a violation inside that gap would pass unnoticed). MM and IM involve sums of square roots, so they are compared
/// with a certified lower bound of the exact value: every term is bracketed
/// at 2^-128 wei and the brackets are combined monotonically, so a reported
/// violation is certain (a computed MM within 2^-128 wei below the exact one
/// would pass unnoticed). For a hedged account (a pair of positions with
/// sign(s_i)·sign(s_j)·ρ_ij < 0) the exact VaR uses the system's own risks
/// r_i: rounding r_i up can lower a hedged quadratic form, so the Spec's
/// claim holds there only from r_i onward (Spec/invariants.md, "Property
/// reports", notes).
enum RoundingInvariant {
    typealias X = MPZ

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
        let W = X.wad
        let holder = state.account(account)

        // Equity: E <= collateral + cash + Σ (size·p − openNotional), exactly.
        let e = try r.equity(account)
        let exactEquity = ExactMargin.equity(state, account)
        if ExactRational(X(e)) > exactEquity {
            return fail("\(account): equity \(e) > exact equity \(exactEquity)")
        }

        // Per-position terms, exactly; base and impact floored at 2^-128 wei.
        let F = scale
        var positions: [ExactPositionTerms] = []
        var sumBase = X.zero, sumImpact = X.zero
        for m in 0..<state.marketCount where !holder.positions[m].size.isZero {
            guard now >= state.markets[m].priceTime else { return nil }   // not an in-bounds state
            let terms = try r.system.positionTerms(state, account, m, now: now)
            let exact = ExactMargin.positionTerms(state, account, m, now: now)
            positions.append(exact)
            // Named only for a report: Address.description costs more than the comparisons.
            func where_() -> String { "\(account) market \(m)" }
            if ExactRational(X(terms.notional)) < exact.notional {
                return fail("\(where_()): notional \(terms.notional) < exact \(exact.notional)")
            }
            let hv = X(terms.horizonVolatility)
            if hv * hv < exact.horizonVariance {
                return fail("\(where_()): horizonVolatility \(terms.horizonVolatility) < exact sqrt(\(exact.horizonVariance))")
            }
            let risk = X(terms.risk) * exact.riskDenominator
            if risk * risk < exact.riskSquare {
                let low = ExactRational(exact.riskSquare.flooredSquareRoot, exact.riskDenominator)
                return fail("\(where_()): risk \(terms.risk) < exact risk \(low)")
            }
            if ExactRational(X(terms.base)) < exact.base {
                return fail("\(where_()): base \(terms.base) < exact \(exact.base)")
            }
            sumBase = sumBase + exact.base.floor(times: F)
            if ExactRational(X(terms.impact)) < exact.impact {
                return fail("\(where_()): impact \(terms.impact) < exact \(exact.impact)")
            }
            sumImpact = sumImpact + exact.impact.floor(times: F)
        }
        if positions.isEmpty { return nil }
        // A hedge (a pair with sign(s_i)·sign(s_j)·ρ_ij < 0) lowers the quadratic
        // form when a leg's risk is rounded up, so for a hedged account the
        // exact VaR is taken from the system's own (already checked) risks:
        // only the rounding from r_i onward must favour the protocol there.
        let hedged = hedgeAware && MarginMonotonicity.isHedged(r.system, state, account, now)
        var computedRisks: [Int: ExactInterval] = [:]
        if hedged {
            for p in positions {
                let risk = try r.system.positionTerms(state, account, p.market, now: now).risk
                computedRisks[p.market] = ExactInterval(point: X(risk) * F)
            }
        }

        // VaR and MM bounded below at 2^-128 wei, each product bracketed against its sign.
        let vaR = ExactMargin.discounted(ExactMargin.portfolioVaR(positions, state, scale: F, risks: computedRisks),
                                         state, account, now: now)
        let coreLow = sumBase + sumImpact + vaR.low
        let stress = ExactMargin.stressMultiplier(state)
        let mmLow = (coreLow * stress.numerator).flooredDivision(by: stress.denominator * W)
        let b = try r.breakdown(account)
        if X(b.maintenanceMargin) * F < mmLow {
            return fail("\(hedged ? "hedged " : "")\(account): MM \(b.maintenanceMargin) < exact MM, which is at least "
                        + "\(ExactRational(mmLow, F)) (sumRisk \(b.sumRisk), quadraticVaR \(b.quadraticVaR), "
                        + "portfolioVaR \(b.portfolioVaR)\(hedged ? "; VaR from the computed risks" : ""))")
        }
        let imLow = (mmLow * (W + X(state.globalParams.imBuffer))).flooredDivision(by: W)
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
                if X(event.penalty) * W * W < min(exactPenalty, cap) {
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
