import ContractIO
import EVMArithmetic
import MarginEngine

/// A call sequence that breaks an invariant: where, and the sequence up to
/// and including the violating call.
public struct Counterexample: Sendable {
    public var deployment: VectorCase.Deployment
    /// The calls from deployment on; the last one violates the invariant.
    public var calls: [Scenario.Call]
    public var violation: Violation

    public init(deployment: VectorCase.Deployment, calls: [Scenario.Call], violation: Violation) {
        self.deployment = deployment
        self.calls = calls
        self.violation = violation
    }
}

/// One run of a campaign: a generated sequence of `depth` calls with the
/// invariants checked after each, stopping at the first violation.
public enum PropertyRun {
    public struct Result: Sendable {
        public var runSeed: UInt64
        /// Calls executed (up to and including a violating one).
        public var calls: Int
        public var counterexample: Counterexample?
        public var coverage = Coverage()
        /// The ranking audit of the run's deleverages (when given a run index).
        public var adlAudit = ADLAudit()
    }

    /// Generates and checks one run; with `run`, its index in a campaign,
    /// also audits the ranking of its deleverages.
    public static func run(system: any MarginSystem, runSeed: UInt64, depth: Int, plan: CheckPlan, run: Int? = nil) -> Result {
        var generator = CallGenerator(seed: runSeed)
        guard var session = CheckedSession(system: system, deployment: generator.deployment, plan: plan) else {
            return Result(runSeed: runSeed, calls: 0, counterexample: nil)
        }
        if let run { session.adlAudit = (run, runSeed, ADLAudit()) }
        var calls: [Scenario.Call] = []
        calls.reserveCapacity(depth)
        for index in 0..<depth {
            generator.steer(by: session.coverage)
            let step = generator.next(session.state)
            calls.append(step)
            let deep = plan.isDeep(runSeed: runSeed, index: index, isLast: index == depth - 1)
            if let violation = session.perform(step, deep: deep) {
                return Result(runSeed: runSeed, calls: calls.count,
                              counterexample: Counterexample(deployment: generator.deployment, calls: calls, violation: violation),
                              coverage: session.coverage, adlAudit: session.adlAudit?.audit ?? ADLAudit())
            }
        }
        return Result(runSeed: runSeed, calls: calls.count, counterexample: nil, coverage: session.coverage,
                      adlAudit: session.adlAudit?.audit ?? ADLAudit())
    }

    /// Replays a fixed sequence from deployment with every check after every
    /// call; the first violation and the index of its call, nil if none.
    public static func replay(system: any MarginSystem, deployment: VectorCase.Deployment, calls: [Scenario.Call],
                              invariants: Set<Invariant>) -> (index: Int, violation: Violation)? {
        guard var session = CheckedSession(system: system, deployment: deployment, plan: .exhaustive(invariants)) else {
            return nil
        }
        for (index, step) in calls.enumerated() {
            if let violation = session.perform(step, deep: true) { return (index, violation) }
        }
        return nil
    }
}
