import ContractIO
import EVMArithmetic
import Foundation
import Testing
import Verification

/// `margin diff` decides that a call matches without building the model's
/// observation (`Observation.outcome(_:matches:contract:)`). These damage
/// every call of the committed EVM traces, one field at a time, and require
/// a divergence each time: the shortcut may never call a difference equal.
@Suite struct OutcomeMatchTests {
    static let traces = ["seed-11", "seed-12", "seed-13"].map {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Vectors/traces/\($0).jsonl").path
    }

    /// The frame with one observable field changed, one way per damage.
    static func damaged(_ f: TraceFrame) -> [(String, TraceFrame)] {
        func frame(output: [UInt8]? = nil, logs: [TraceFrame.Log]? = nil) -> TraceFrame {
            TraceFrame(kind: f.kind, from: f.from, to: f.to, input: f.input, output: output ?? f.output, reverted: f.reverted,
                       error: f.error, logs: logs ?? f.logs, blockNumber: f.blockNumber, timestamp: f.timestamp, line: f.line)
        }
        var out: [(String, TraceFrame)] = [("a word more output", frame(output: f.output + [UInt8](repeating: 0, count: 32)))]
        for i in [0, f.output.count / 2, f.output.count - 1] where f.output.indices.contains(i) {
            var bytes = f.output
            bytes[i] ^= 1
            out.append(("output byte \(i)", frame(output: bytes)))
        }
        if !f.output.isEmpty { out.append(("output cut", frame(output: Array(f.output.dropLast())))) }
        if !f.logs.isEmpty { out.append(("last event dropped", frame(logs: Array(f.logs.dropLast())))) }
        out.append(("an event more", frame(logs: f.logs + [TraceFrame.Log(address: f.to ?? .zero, topics: [.one], data: [])])))
        for (k, log) in f.logs.enumerated() {
            var logs = f.logs
            logs[k] = TraceFrame.Log(address: Address(word: UInt256(7))!, topics: log.topics, data: log.data)
            out.append(("event \(k) address", frame(logs: logs)))
            logs[k] = TraceFrame.Log(address: log.address, topics: log.topics.map { $0 ^ .one }, data: log.data)
            out.append(("event \(k) topics", frame(logs: logs)))
            logs[k] = TraceFrame.Log(address: log.address, topics: log.topics, data: log.data + [0])
            out.append(("event \(k) data", frame(logs: logs)))
        }
        return out
    }

    @Test(arguments: traces)
    func everyDamagedCallIsADivergence(path: String) throws {
        let reader = try TraceReader(path: path)
        var replayer = TraceReplayer()
        var damagedCalls = 0
        while let frame = try reader.next() {
            if replayer.state != nil {
                for (damage, bad) in Self.damaged(frame) {
                    var copy = replayer
                    let step = try copy.replay(bad)
                    #expect(step.divergence != nil, "line \(frame.line): \(damage) was not a divergence")
                    damagedCalls += 1
                }
            }
            let step = try replayer.replay(frame)
            #expect(step.divergence == nil, "line \(frame.line) of the undamaged trace diverges")
        }
        #expect(damagedCalls > 1000)
    }
}
