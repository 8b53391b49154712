import ContractIO
import EVMArithmetic
import MarginEngine

/// `margin diff`: replays a whole trace and collects divergences, keeping
/// the last few calls for context.
public struct TraceDiff: Sendable {
    public struct Result: Sendable {
        public let path: String
        public let calls: Int
        public let divergences: [Divergence]
        /// For each divergence, the calls just before it.
        public let contexts: [[ReplayedCall]]
        /// Divergences found past `maximumReported` (with `all`): counted, not kept.
        public var unreported = 0
        /// The ranking audit of the trace's successful `deleverage` calls.
        public var adlAudit = ADLAudit()
        /// Whether delegated calls' nested frames were compared (not with `--flat-calls`).
        public var checkedCallFrames = true

        /// No divergence and, with `failOnADLRanking`, no ADL ranking finding.
        public func passes(failOnADLRanking: Bool) -> Bool {
            divergences.isEmpty && !(failOnADLRanking && adlAudit.findingCount > 0)
        }
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case input(String)
        public var description: String {
            switch self { case let .input(message): return message }
        }
    }

    /// Divergences kept in full with `all`: memory stays bounded however
    /// many a trace has; the rest are counted.
    public static let maximumReported = 1000

    /// Replays `path`; stops at the first divergence unless `all`.
    /// `contextSize` calls before each divergence are kept.
    public static func run(path: String, all: Bool, contextSize: Int, checksCallFrames: Bool = true,
                           progress: ((Int) -> Void)? = nil) throws(Failure) -> Result {
        let reader: TraceReadAhead   // parses on the second core while this one replays
        do { reader = try TraceReadAhead(path: path) } catch { throw .input("\(error)") }
        var replayer = TraceReplayer(checksCallFrames: checksCallFrames)
        var recent = RecentCalls(capacity: contextSize)
        var divergences: [Divergence] = []
        var contexts: [[ReplayedCall]] = []
        var unreported = 0
        var adlAudit = ADLAudit()
        while true {
            let read: ReadFrame?
            do { read = try reader.next() } catch { throw .input("\(error)") }
            guard let read else { break }
            let frame = read.frame
            // Only a deleverage needs the state before it, for the ranking audit.
            let beforeDeleverage = ADLAudit.isDeleverage(input: frame.input) ? replayer.state : nil
            let step: (call: EngineCall?, divergence: Divergence?)
            do { step = try replayer.replay(read) } catch { throw .input("\(path):\(error)") }
            if replayer.callCount == 0 { continue }   // the governance extension's deployment
            if let beforeDeleverage, let call = step.call {
                adlAudit.record(call, succeeded: !frame.reverted, state: beforeDeleverage,
                                context: CallContext(sender: frame.from, timestamp: frame.timestamp),
                                place: .trace(index: replayer.callCount - 1, line: frame.line))
            }
            if let divergence = step.divergence {
                if divergences.count < maximumReported {
                    divergences.append(divergence)
                    contexts.append(recent.calls)
                } else {
                    unreported += 1
                }
                if !all || replayer.state == nil { break }
            }
            recent.append(index: replayer.callCount - 1, read)
            if replayer.callCount % 4096 == 0 { progress?(replayer.callCount) }
        }
        if replayer.callCount == 0 {
            throw .input("\(path): no engine deployment, expected two CREATE frames (the governance extension, then the engine) and then calls (JSON Lines)")
        }
        return Result(path: path, calls: replayer.callCount, divergences: divergences, contexts: contexts, unreported: unreported,
                      adlAudit: adlAudit, checkedCallFrames: checksCallFrames)
    }
}
