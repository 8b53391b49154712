import ContractIO
import EVMArithmetic
import MarginEngine

/// A deployed system running a call sequence with the invariants checked
/// after every call: the core both of generated runs and of replays.
struct CheckedSession {
    let system: any MarginSystem
    let checker: InvariantChecker
    private(set) var state: EngineState
    /// `A` of invariants.md, ascending, and as a set.
    private(set) var addresses: [Address]
    private var addressSet: Set<Address>
    private(set) var callCount = 0
    /// Whether the current state is an in-bounds state (arithmetic.md).
    private var inBounds = true
    /// What the calls did: per function, successes and reverts by name.
    var coverage = Coverage()
    /// The ranking audit of successful deleverages, when the run is one of a
    /// campaign (nil: not audited, as in a replay or a shrink).
    var adlAudit: (run: Int, runSeed: UInt64, audit: ADLAudit)?

    /// Deploys; nil when the deployment itself reverts.
    init?(system: any MarginSystem, deployment: VectorCase.Deployment, plan: CheckPlan) {
        let context = CallContext(sender: deployment.deployer, timestamp: deployment.timestamp)
        guard case let .success((state, _)) = EngineState.deploy(
            governance: deployment.governance, oracle: deployment.oracle, exchange: deployment.exchange, globalParams: deployment.globalParams, context: context)
        else { return nil }
        self.system = system
        checker = InvariantChecker(system: system, plan: plan)
        self.state = state
        addressSet = [deployment.deployer]
        addresses = [deployment.deployer]
        inBounds = StateBounds.isInBounds(state, now: deployment.timestamp)
    }

    /// Runs one call and checks the invariants on it; the violation, if any.
    mutating func perform(_ step: Scenario.Call, deep: Bool) -> Violation? {
        let pre = state
        let context = CallContext(sender: step.from, timestamp: step.timestamp)
        let outcome = system.execute(&state, step.call, context)
        coverage.note(step.call.function, outcome)
        if step.call.function == .deleverage, let run = adlAudit {
            adlAudit?.audit.record(step.call, succeeded: !outcome.isRevert, state: pre, context: context,
                                   place: .run(run: run.run, runSeed: run.runSeed, index: callCount))
        }
        note(step.from)
        for argument in step.call.arguments { if case let .address(a) = argument { note(a) } }
        // Time only moves forward, so an in-bounds state stays in bounds until
        // the next call changes it (priceTime <= now keeps holding).
        let preInBounds = inBounds && step.timestamp <= StateBounds.maxTimestamp
        let unchanged = outcome.isRevert || step.call.function.isView ? pre == state : false
        // A revert that changed storage is atomic-revert's to report; an
        // unchanged state has no changed account to look up.
        let changed = outcome.isRevert || unchanged ? [] : addresses.filter { pre.accounts[$0] != state.accounts[$0] }
        let outOfBounds = unchanged && inBounds ? nil : StateBounds.firstViolation(state, now: step.timestamp)
        let check = CallCheck(
            index: callCount, step: step, pre: pre, post: state, outcome: outcome,
            addresses: addresses, addressSet: addressSet, changedAccounts: changed,
            preInBounds: preInBounds, postOutOfBounds: outOfBounds,
            preMargin: MarginReader(system: system, state: pre, now: step.timestamp),
            postMargin: MarginReader(system: system, state: state, now: step.timestamp))
        callCount += 1
        let violation = checker.check(check, deep: deep)
        if !unchanged || !inBounds {
            inBounds = outOfBounds == nil && StateBounds.isWithinHistoryBounds(state, now: step.timestamp)
        }
        return violation
    }

    private mutating func note(_ address: Address) {
        if addressSet.insert(address).inserted {
            let at = addresses.firstIndex { $0 > address } ?? addresses.count
            addresses.insert(address, at: at)
        }
    }
}
