import ContractIO
import MarginEngine

/// What the calls of a campaign did, per function: how many succeeded and
/// how many reverted with each error, to judge what the generator reaches.
public struct Coverage: Sendable, Hashable {
    public private(set) var successes: [String: Int] = [:]
    public private(set) var reverts: [String: [String: Int]] = [:]
    /// How many (function, success or error) pairs occurred at least once:
    /// it grows exactly when a new outcome is seen.
    public private(set) var distinctOutcomes = 0

    public init() {}

    public mutating func note(_ function: EngineFunction, _ outcome: CallOutcome) {
        switch outcome {
        case .success:
            if successes[function.name] == nil { distinctOutcomes += 1 }
            successes[function.name, default: 0] += 1
        case let .revert(revert):
            if reverts[function.name]?[revert.name] == nil { distinctOutcomes += 1 }
            reverts[function.name, default: [:]][revert.name, default: 0] += 1
        }
    }

    mutating func add(_ other: Coverage) {
        for (k, v) in other.successes {
            if successes[k] == nil { distinctOutcomes += 1 }
            successes[k, default: 0] += v
        }
        for (k, byName) in other.reverts {
            for (name, v) in byName {
                if reverts[k]?[name] == nil { distinctOutcomes += 1 }
                reverts[k, default: [:]][name, default: 0] += v
            }
        }
    }

    /// `{function: {"success": n, "reverts": {name: n}}}`, keys sorted.
    public var json: JSONValue {
        let functions = Set(successes.keys).union(reverts.keys).sorted()
        return .object(functions.map { f in
            let byName = (reverts[f] ?? [:]).sorted { $0.key < $1.key }
            return (f, .object([
                ("success", .number(String(successes[f] ?? 0))),
                ("reverts", .object(byName.map { ($0.key, .number(String($0.value))) })),
            ]))
        })
    }
}
