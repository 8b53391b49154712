import EVMArithmetic
import MarginEngine

/// A successful `deleverage` whose counterparty was not the top-ranked
/// eligible position: the keeper's choice, which the contract does not
/// check, so a finding and not a divergence of the contract.
public struct ADLFinding: Sendable {
    /// Where the call was: a trace's call, or a call of a property run.
    public enum Place: Sendable, Hashable {
        /// Call `index` (0 is the deployment) on trace line `line`.
        case trace(index: Int, line: Int)
        /// Call `index` (0-based, set-up included) of run `run` of a campaign.
        case run(run: Int, runSeed: UInt64, index: Int)
    }

    public let place: Place
    public let keeper: Address
    public let timestamp: UInt256
    public let ranking: ADLRanking
}

/// The audit of the deleveraging ranking over a sequence of calls: how many
/// successful `deleverage` calls were ranked, and the findings among them.
public struct ADLAudit: Sendable {
    /// Findings kept in full: memory stays bounded however many a sequence has.
    public static let maximumKept = 1000

    public private(set) var audited = 0
    public private(set) var findings: [ADLFinding] = []
    /// Findings past `maximumKept`: counted, not kept.
    public private(set) var unkept = 0

    public init() {}

    public var findingCount: Int { findings.count + unkept }

    /// Whether a call's input starts with deleverage's selector: the cheap test
    /// that tells a replay to keep the state before the call for `record`.
    public static func isDeleverage(input: [UInt8]) -> Bool {
        input.count >= 4 && input[0] == selector[0] && input[1] == selector[1]
            && input[2] == selector[2] && input[3] == selector[3]
    }

    private static let selector = EngineFunction.deleverage.selector

    /// Audits `call` if it is a `deleverage` that succeeded; `state` is the
    /// model's state just before it.
    public mutating func record(_ call: EngineCall, succeeded: Bool, state: EngineState, context: CallContext, place: ADLFinding.Place) {
        guard succeeded, let ranking = ADLRanking.of(call, state: state, context: context) else { return }
        audited += 1
        guard !ranking.isTopRanked else { return }
        if findings.count < ADLAudit.maximumKept {
            findings.append(ADLFinding(place: place, keeper: context.sender, timestamp: context.timestamp, ranking: ranking))
        } else {
            unkept += 1
        }
    }

    /// Adds another audit's counts and findings (the runs of one campaign).
    public mutating func add(_ other: ADLAudit) {
        audited += other.audited
        for finding in other.findings {
            if findings.count < ADLAudit.maximumKept { findings.append(finding) } else { unkept += 1 }
        }
        unkept += other.unkept
    }
}
