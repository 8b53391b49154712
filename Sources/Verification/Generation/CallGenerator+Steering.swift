import ContractIO
import MarginEngine

/// Coverage-guided steering, as Echidna and Medusa steer by bytecode
/// branches, but on the Spec's own checks: an action whose operations still
/// have a check side not taken in this run (SpecCheckCoverage) is drawn up
/// to four times as often, and while some error was never raised the
/// generator now and then aims a call at it (CallGenerator+Aim). Per run,
/// so runs and shards stay reproducible.
extension CallGenerator {
    /// The operations each action calls, for steering.
    static let operations: [Action: [String]] = [
        .postPrice: ["postPrice"], .timeJump: ["postPrice"], .postAssetPrice: ["postAssetPrice"],
        .settleTrade: ["settleTrade"], .deposit: ["deposit"], .withdraw: ["withdraw"], .liquidate: ["liquidate"],
        .deleverage: ["deleverage"], .setRoles: ["setRoles"],
        .changeParameters: ["setMarketParams", "setGlobalParams", "setCorrelation", "setAssetWeight"],
        .boundaryProbe: ["setMarketParams", "setGlobalParams", "settleTrade", "setCorrelation", "deposit"],
        .invalidCall: ["listAsset", "listMarket"],
        .identity: ["attest", "revoke", "setTierParams", "setAttestor"],
    ]

    /// Updates the action weights from the run's coverage so far; cheap
    /// when nothing new was seen since the last call, and otherwise a few
    /// lookups per outcome seen (SteeringIndex), since early in a run almost
    /// every call is new.
    public mutating func steer(by coverage: Coverage) {
        guard coverage.distinctOutcomes != steeredAt else { return }
        steeredAt = coverage.distinctOutcomes
        let index = SteeringIndex.shared
        let sides = index.sidesTaken(by: coverage)
        aimTargets = index.checks.indices.filter { !sides.raised[$0] }.map { (index.checks[$0].operation, index.checks[$0].error) }
        weights = Action.allCases.map { action in
            // Aims are multiplied like the actions whose sides are untaken, or those would crowd them out.
            if action == .aimAtCheck { return Action.weights[action.rawValue] * min(aimTargets.count, 4) }
            let untaken = index.checkRanges(of: action).reduce(0) { sum, checks in
                checks.reduce(sum) { $0 + (sides.raised[$1] ? 0 : 1) + (sides.passed[$1] ? 0 : 1) }
            }
            return Action.weights[action.rawValue] * (1 + min(untaken, 3))
        }
    }

    /// A call aimed at a never-raised error, the targets tried in turn
    /// (each aim starts one further than the last, so that n aims reach n
    /// targets rather than repeat some); nil when none can be aimed at now.
    mutating func aimAtUntakenCheck(_ state: EngineState) -> Scenario.Call? {
        guard !aimTargets.isEmpty else { return nil }
        let start = aimCursor % aimTargets.count
        aimCursor += 1
        for i in 0..<aimTargets.count {
            let (operation, error) = aimTargets[(start + i) % aimTargets.count]
            if let call = aim(at: operation, error, state) { return call }
        }
        return nil
    }
}
