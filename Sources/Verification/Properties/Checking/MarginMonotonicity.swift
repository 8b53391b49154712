import EVMArithmetic
import MarginEngine

/// invariants.md `margin-monotone`, checked as the Spec suggests: the
/// system's pure margin is evaluated on perturbed copies of a state, each
/// raising one input (variance, oracle age, horizon, z, breaker multiplier,
/// entering the breaker, base ratio, impact, 1/depth, |size|, stressGamma,
/// insuranceTarget, the shortfall), by the smallest step and by a large one.
/// An account counts as non-hedged only when it is non-hedged both before
/// and after the perturbation (raising the risk of a zero-risk leg can make
/// it a hedge).
enum MarginMonotonicity {
    struct Perturbation {
        /// Built only for a report: naming every perturbation would cost more than checking it.
        let describe: () -> String
        let apply: (inout EngineState) -> Bool
        var name: String { describe() }
    }

    /// Checks the perturbations of one account; with `sample`, only
    /// `sample.count` consecutive ones from `sample.offset` (mod the count).
    static func check(_ r: MarginReader, _ account: Address, sample: (offset: UInt64, count: Int)? = nil) -> Violation? {
        let state = r.state
        guard state.hasOpenPositionIn(account) else { return nil }
        let base: MarginBreakdown
        do { base = try r.breakdown(account) } catch {
            return Violation(.marginMonotone, "the margin of \(account) reverts: \(error)")
        }
        var hedgedBefore: Bool?
        var all = perturbations(state, account, now: r.now)
        if let sample, sample.count < all.count {
            let start = Int(sample.offset % UInt64(all.count))
            all = (0..<sample.count).map { all[(start + $0) % all.count] }
        }
        for perturbation in all {
            var copy = state
            guard perturbation.apply(&copy) else { continue }
            let moved: MarginBreakdown
            do { moved = try r.system.marginBreakdown(copy, account, now: r.now) } catch {
                return Violation(.marginMonotone, "\(account): the margin reverts after raising \(perturbation.name): \(error)")
            }
            let (sumBefore, o1) = base.sumBase.addingReportingOverflow(base.sumImpact)
            let (sumAfter, o2) = moved.sumBase.addingReportingOverflow(moved.sumImpact)
            if !o1 && !o2 && sumAfter < sumBefore {
                return Violation(.marginMonotone, "\(account): sumBase + sumImpact fell \(sumBefore) -> \(sumAfter) after raising "
                                 + perturbation.name)
            }
            if moved.nettingFloorVaR < base.nettingFloorVaR {
                return Violation(.marginMonotone, "\(account): nettingFloorVaR fell \(base.nettingFloorVaR) -> "
                                 + "\(moved.nettingFloorVaR) after raising \(perturbation.name)")
            }
            // A non-hedged account, before and after, has a non-decreasing MM.
            if moved.maintenanceMargin < base.maintenanceMargin {
                if hedgedBefore == nil { hedgedBefore = isHedged(r.system, state, account, r.now) }
                if hedgedBefore! || isHedged(r.system, copy, account, r.now) { continue }
                return Violation(.marginMonotone, "non-hedged \(account): MM fell \(base.maintenanceMargin) -> "
                                 + "\(moved.maintenanceMargin) after raising \(perturbation.name)")
            }
        }
        return nil
    }

    /// The part of `stress-bounds` that needs other states: S is
    /// non-increasing in insuranceFund (fund moved by 1 and by half, both ways).
    static func stressMonotone(_ r: MarginReader, _ account: Address) -> Violation? {
        let fund = r.state.insuranceFund
        let s0: UInt256
        do { s0 = try r.breakdown(account).stressMultiplier } catch {
            return Violation(.stressBounds, "the margin of \(account) reverts: \(error)")
        }
        let half = fund.shiftedRight(by: 1)
        var moves: [UInt256] = [fund &+ .one, fund &+ max(half, .one)]
        if !fund.isZero { moves += [fund &- .one, fund &- half] }
        for moved in moves where moved <= StateBounds.historyBound {
            var copy = r.state
            copy.insuranceFund = moved
            guard let s1 = try? r.system.marginBreakdown(copy, account, now: r.now).stressMultiplier else {
                return Violation(.stressBounds, "the stress multiplier reverts with insuranceFund \(moved)")
            }
            if (moved > fund && s1 > s0) || (moved < fund && s1 < s0) {
                return Violation(.stressBounds, "stress multiplier is \(s0) at insuranceFund \(fund) but \(s1) at \(moved): "
                                 + "it must be non-increasing in the fund")
            }
        }
        return nil
    }

    /// Whether some pair of the account's open positions has
    /// `sign(s_i)·sign(s_j)·ρ_ij < 0`, with `s_i = sign(size_i)·r_i`
    /// (a position with zero risk hedges nothing).
    static func isHedged(_ system: any MarginSystem, _ state: EngineState, _ account: Address, _ now: UInt256) -> Bool {
        var signs: [(Int, Int)] = []
        for m in 0..<state.marketCount {
            let size = state.sizeOf(account, m)
            if size.isZero { continue }
            guard let terms = try? system.positionTerms(state, account, m, now: now) else { return true }
            if terms.risk.isZero { continue }
            signs.append((m, size.signum))
        }
        for (i, si) in signs {
            for (j, sj) in signs where i < j && si * sj * state.correlation[i][j].signum < 0 { return true }
        }
        return false
    }

    /// `x` raised by `step`, at most to `cap`; nil when already at the cap.
    static func raised(_ x: UInt256, by step: UInt256, cap: UInt256) -> UInt256? {
        guard x < cap else { return nil }
        let (sum, overflow) = x.addingReportingOverflow(step)
        return overflow || sum > cap ? cap : sum
    }

    static func perturbations(_ state: EngineState, _ account: Address, now: UInt256) -> [Perturbation] {
        var list: [Perturbation] = []
        func add(_ name: @escaping @autoclosure () -> String, _ apply: @escaping (inout EngineState) -> Bool) {
            list.append(Perturbation(describe: name, apply: apply))
        }
        /// A field raised by 1 and by a large step, within its bounds.
        func raise(_ name: @escaping @autoclosure () -> String, _ value: UInt256, large: UInt256, cap: UInt256,
                   _ write: @escaping (inout EngineState, UInt256) -> Void) {
            for step in [UInt256.one, large] {
                guard let v = raised(value, by: step, cap: cap) else { continue }
                add("\(name()) +\(step)") { write(&$0, v); return true }
            }
        }
        let e = Constants.pow10
        for m in 0..<state.marketCount {
            let size = state.sizeOf(account, m)
            if size.isZero { continue }
            let market = state.markets[m]
            let p = market.params
            raise("variance[\(m)]", market.variance, large: max(market.variance, e(9)), cap: Constants.maxVariance) { $0.markets[m].variance = $1 }
            for step in [UInt256.one, UInt256(86_400)] where market.priceTime >= step {
                add("oracle age[\(m)] +\(step)") { $0.markets[m].priceTime = market.priceTime &- step; return true }
            }
            raise("liquidationHorizon[\(m)]", p.liquidationHorizon, large: 3600, cap: 604_800) { $0.markets[m].params.liquidationHorizon = $1 }
            raise("zLong[\(m)]", market.zLong, large: e(18), cap: e(19) &* 2) { $0.markets[m].zLong = $1 }
            raise("zShort[\(m)]", market.zShort, large: e(18), cap: e(19) &* 2) { $0.markets[m].zShort = $1 }
            raise("breakerMultiplier[\(m)]", p.breakerMultiplier, large: e(18), cap: e(19)) { $0.markets[m].params.breakerMultiplier = $1 }
            if now >= market.breakerUntil {
                add("entering the breaker[\(m)]") { $0.markets[m].breakerUntil = now &+ .one; return true }
            }
            raise("baseMarginRatio[\(m)]", p.baseMarginRatio, large: e(16), cap: e(18)) { $0.markets[m].params.baseMarginRatio = $1 }
            raise("impactCoefficient[\(m)]", p.impactCoefficient, large: e(17), cap: e(19)) { $0.markets[m].params.impactCoefficient = $1 }
            for step in [UInt256.one, p.liquidityDepth.shiftedRight(by: 1)] where p.liquidityDepth >= e(18) &+ step && !step.isZero {
                add("1/liquidityDepth[\(m)] (depth −\(step))") { $0.markets[m].params.liquidityDepth = p.liquidityDepth &- step; return true }
            }
            for step in [UInt256.one, p.depthFloor.shiftedRight(by: 1)] where p.depthFloor >= e(16) &+ step && !step.isZero {
                add("1/depthFloor[\(m)] (floor −\(step))") { $0.markets[m].params.depthFloor = p.depthFloor &- step; return true }
            }
            raise("abs(size)[\(m)]", size.magnitude, large: size.magnitude, cap: Constants.maxPositionSize) { s, v in
                let position = s.accounts[account]!.positions[m]
                let signed = Int256(negative: position.size.isNegative, magnitude: v)!
                s.accounts[account]!.positions[m] = Position(size: signed, openNotional: position.openNotional)
            }
        }
        let g = state.globalParams
        raise("stressGamma", g.stressGamma, large: e(18), cap: e(19)) { $0.globalParams.stressGamma = $1 }
        raise("insuranceTarget", g.insuranceTarget, large: max(g.insuranceTarget, e(22)), cap: e(36)) { $0.globalParams.insuranceTarget = $1 }
        let fund = state.insuranceFund
        for step in [UInt256.one, fund.shiftedRight(by: 1)] where !step.isZero && fund >= step {
            add("shortfall (fund −\(step))") { $0.insuranceFund = fund &- step; return true }
        }
        return list
    }
}
