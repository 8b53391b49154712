import ContractIO
import EVMArithmetic
import MarginEngine

/// Global parameters walked to one of their bounds, one guardrailed change
/// a day, then one past that bound, and from a lower bound one past the
/// minimum step and the step itself. Global parameters are set only at
/// deployment and through the guardrail, so a bound or a minimum step far
/// from the deployed value is reached in no other way. A burst of queued
/// calls, two walks each, from a random walk of the list on (a scenario
/// makes only a few); only walks that leave the rest of a scenario
/// meaningful (no price band of 0, no oracle age of 1 s, no IM ten times MM).
extension CallGenerator {
    /// (parameter, toward its upper bound), taken in turn.
    static let globalWalks: [(parameter: Int, up: Bool)] = [
        (0, true), (2, false), (7, true), (6, false), (4, true), (9, false),
        (10, true), (3, false), (5, true), (1, false), (8, true),
    ]
    /// Longer walks are left out (from a random world's values, say).
    static let longestWalk = 24
    static let walksPerProbe = 2

    mutating func globalWalkProbe(_ state: EngineState) -> Scenario.Call? {
        var values = state.globalParams.values
        var queuedAny = false
        for _ in 0..<Self.walksPerProbe {
            let next = globalWalkCounter ?? random.int(0...Self.globalWalks.count - 1)
            globalWalkCounter = (next + 1) % Self.globalWalks.count
            let (k, up) = Self.globalWalks[next]
            queuedAny = walk(k, up: up, from: &values, owner: state.owner) || queuedAny
        }
        return queuedAny ? view(state) : nil
    }

    /// Queues the walk of parameter k from `values`, which it updates; false
    /// (nothing queued) when the bound is further than `longestWalk` changes.
    private mutating func walk(_ k: Int, up: Bool, from values: inout [UInt256], owner: Address) -> Bool {
        let bounds = ParameterBounds.global[k]
        let target = up ? bounds.hi : bounds.lo
        // Each change within the allowance the contract computes: max(floor(current / 4), minStep).
        var walked = values
        var steps: [[UInt256]] = []
        while walked[k] != target, steps.count < Self.longestWalk {
            let allowance = max(EVM.div(walked[k], 4), bounds.minStep)
            let distance = up ? target &- walked[k] : walked[k] &- target
            walked[k] = distance <= allowance ? target : (up ? walked[k] &+ allowance : walked[k] &- allowance)
            steps.append(walked)
        }
        guard walked[k] == target else { return false }
        func change(_ values: [UInt256]) -> EngineCall { .setGlobalParams(GlobalParams(values: values)!) }
        let day = Int(Constants.guardrailCooldown.w0)
        for step in steps { follow(after: day, with: (owner, change(step))) }
        follow(with: (keepers[0], .globalParams))
        follow(with: (keepers[0], .lastParamChange(param: ParameterID.global(k))))
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
        values = walked
        return true
    }
}
