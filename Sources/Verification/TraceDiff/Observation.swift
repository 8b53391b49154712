import ContractIO
import EVMArithmetic
import MarginEngine

/// What one call did, as a trace records it: success or revert, the return
/// or revert bytes, and the logs. The contract's trace and the model are
/// both reduced to this and compared byte for byte.
public struct Observation: Sendable, Hashable {
    public var reverted: Bool
    public var data: [UInt8]
    public var logs: [TraceFrame.Log]

    public init(reverted: Bool, data: [UInt8], logs: [TraceFrame.Log]) {
        self.reverted = reverted
        self.data = data
        self.logs = logs
    }

    /// The trace's side.
    public init(frame: TraceFrame) {
        self.init(reverted: frame.reverted, data: frame.output, logs: frame.transactionLogs)
    }

    /// The model's side: revert data in Vyper's encoding (empty for checked
    /// arithmetic), events as logs of `contract`.
    public init(outcome: CallOutcome, contract: Address) {
        switch outcome {
        case let .revert(revert):
            self.init(reverted: true, data: revert.vyperRevertData, logs: [])
        case let .success(_, events):
            self.init(reverted: false, data: outcome.returnData, logs: events.map { Observation.log($0, contract) })
        }
    }

    static func log(_ event: EngineEvent, _ contract: Address) -> TraceFrame.Log {
        TraceFrame.Log(address: contract, topics: event.topics, data: event.data)
    }

    /// Whether the model's outcome is exactly what `frame` records, decided
    /// without building the model's observation: on a clean trace every call
    /// matches, and encoding each call's return data only to compare it was
    /// the largest cost after the model itself. When it does not match,
    /// `firstDifference` on the two observations says where.
    public static func outcome(_ outcome: CallOutcome, matches frame: TraceFrame, contract: Address) -> Bool {
        guard frame.calls.isEmpty else {   // a delegated call's events are in its sub-call: compare them all
            return firstDifference(expected: Observation(frame: frame), actual: Observation(outcome: outcome, contract: contract)) == nil
        }
        switch outcome {
        case let .revert(revert):
            return frame.reverted && frame.logs.isEmpty && frame.output == revert.vyperRevertData
        case let .success(returns, events):
            guard !frame.reverted, frame.output.count == returns.count * 32, frame.logs.count == events.count else { return false }
            let sameWords = frame.output.withUnsafeBytes { output in
                for (i, value) in returns.enumerated() where UInt256(bigEndianWord: output.baseAddress! + 32 * i) != value.word {
                    return false
                }
                return true
            }
            guard sameWords else { return false }
            for (log, event) in zip(frame.logs, events) {
                guard log.address == contract, log.topics == event.topics, log.data == event.data else { return false }
            }
            return true
        }
    }

    /// The first field where two observations differ, or nil when equal.
    public static func firstDifference(expected: Observation, actual: Observation) -> String? {
        if expected.reverted != actual.reverted { return "outcome" }
        if expected.data != actual.data { return expected.reverted ? "revert data" : "return data" }
        if expected.logs.count != actual.logs.count { return "number of events" }
        for (i, (e, a)) in zip(expected.logs, actual.logs).enumerated() {
            if e.address != a.address { return "event \(i) address" }
            if e.topics != a.topics { return "event \(i) topics" }
            if e.data != a.data { return "event \(i) data" }
        }
        return nil
    }
}
