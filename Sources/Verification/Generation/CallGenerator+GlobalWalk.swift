import ContractIO
import EVMArithmetic
import MarginEngine

/// Global parameters walked to one of their bounds, one guardrailed change
/// a day, then one past that bound, from a lower bound one past the minimum
/// step and the step itself, and back to where the walk started. Global
/// parameters are set only at deployment and through the guardrail, so a
/// bound or a minimum step far from the deployed value is reached in no
/// other way. The way back lets every parameter go both ways: a bound that
/// would empty the rest of a scenario (a price band of 0, an oracle age of
/// 1 s, IM eleven times MM) lasts only while the walk turns. A burst of
/// queued calls, several walks each. A scenario makes only a couple of
/// these probes, and its walks take a quarter of its calls, so consecutive
/// seeds start where the one before stopped: four seeds (a mutation run)
/// take every walk.
extension CallGenerator {
    /// (parameter, toward its upper bound), taken in turn: each parameter
    /// both ways.
    static let globalWalks: [(parameter: Int, up: Bool)] = [
        (0, true), (2, false), (7, true), (6, false), (4, true), (9, false),
        (10, true), (3, false), (5, true), (1, false), (8, true),
        (0, false), (2, true), (7, false), (6, true), (4, false), (9, true),
        (10, false), (3, true), (5, false), (1, true), (8, false),
    ]
    /// Longer walks are left out (the insurance target's 10^36 from a
    /// realistic start, or any bound from a random world's far values).
    static let longestWalk = 24
    static let walksPerProbe = 3
    /// Two probes a scenario of 500 calls.
    static func firstGlobalWalk(seed: UInt64) -> Int {
        Int(truncatingIfNeeded: (seed &- 1) % UInt64(globalWalks.count)) * 2 * walksPerProbe % globalWalks.count
    }

    mutating func globalWalkProbe(_ state: EngineState) -> Scenario.Call? {
        // Two probes a run, the schedule firstGlobalWalk counts on: more would crowd out other calls.
        guard globalWalkProbes < 2 else { return nil }
        globalWalkProbes += 1
        var values = state.globalParams.values
        var queuedAny = false
        // An account whose margin shows each bound while it lasts.
        let holder = everyone.first { state.hasOpenPositionIn($0) } ?? keepers[0]
        for _ in 0..<Self.walksPerProbe {
            let next = globalWalkCounter
            globalWalkCounter = (next + 1) % Self.globalWalks.count
            let (k, up) = Self.globalWalks[next]
            queuedAny = walk(k, up: up, from: &values, owner: state.owner, holder: holder) || queuedAny
        }
        return queuedAny ? view(state) : nil
    }

    /// Queues the walk of parameter k from `values` and back; false (nothing
    /// queued) when the bound is further than `longestWalk` changes.
    private mutating func walk(_ k: Int, up: Bool, from values: inout [UInt256], owner: Address, holder: Address) -> Bool {
        let bounds = ParameterBounds.global[k]
        let target = up ? bounds.hi : bounds.lo
        guard let there = Self.guardrailedSteps(k, from: values, to: target) else { return false }
        func change(_ values: [UInt256]) -> EngineCall { .setGlobalParams(GlobalParams(values: values)!) }
        let day = Int(Constants.guardrailCooldown.w0)
        for step in there { follow(after: day, with: (owner, change(step))) }
        var walked = there.last ?? values
        follow(with: (keepers[0], .globalParams))
        follow(with: (keepers[0], .lastParamChange(param: ParameterID.global(k))))
        follow(with: (keepers[0], .marginBreakdown(holder)))
        // One past the bound: ParameterOutOfBounds, checked before the cooldown.
        var past = walked
        if up || !target.isZero {
            past[k] = up ? target &+ .one : target &- .one
            follow(with: (owner, change(past)))
        }
        // From the lower bound, where the step sets the allowance: one past it, then the step.
        if !up, EVM.div(target, 4) < bounds.minStep {
            past[k] = target &+ bounds.minStep &+ .one
            follow(after: day, with: (owner, change(past)))
            walked[k] = target &+ bounds.minStep
            follow(with: (owner, change(walked)))
        }
        // Back, so that the rest of the scenario runs on the parameters it had.
        let back = Self.guardrailedSteps(k, from: walked, to: values[k]) ?? []
        for step in back { follow(after: day, with: (owner, change(step))) }
        values = back.last ?? walked
        return true
    }

    /// The values after each change that moves parameter k from `values` to
    /// `target`, each change the whole allowance; nil beyond `longestWalk`
    /// changes.
    static func guardrailedSteps(_ k: Int, from values: [UInt256], to target: UInt256) -> [[UInt256]]? {
        ParameterBounds.global[k].guardrailedPath(from: values[k], to: target, longest: longestWalk)?.map { value in
            var walked = values
            walked[k] = value
            return walked
        }
    }
}

extension ParameterBounds {
    /// The values after each change that moves a parameter from `value` to
    /// `target`, each change the whole allowance the contract computes,
    /// max(floor(current / 4), minStep); nil beyond `longest` changes.
    func guardrailedPath(from value: UInt256, to target: UInt256, longest: Int) -> [UInt256]? {
        var walked = value
        var path: [UInt256] = []
        while walked != target, path.count < longest {
            let allowance = max(EVM.div(walked, 4), minStep)
            let up = target > walked
            let distance = up ? target &- walked : walked &- target
            walked = distance <= allowance ? target : (up ? walked &+ allowance : walked &- allowance)
            path.append(walked)
        }
        return walked == target ? path : nil
    }
}
