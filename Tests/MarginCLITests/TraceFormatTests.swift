import Foundation
import Testing

/// `margin diff` reads what geth's and anvil's callTracer print, in the
/// shapes Spec/trace-format.md names, and refuses what the format forbids
/// with exit 2 naming the file, the line and the field.
@Suite struct TraceFormatTests {
    /// A trace line as parsed JSON, for editing.
    typealias Line = [String: Any]

    /// The committed trace that every case here starts from.
    static let seed = "Vectors/traces/seed-11.jsonl"

    static func seedLines() throws -> [Line] {
        let text = try String(contentsOfFile: RepositoryPaths.path(seed), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? Line)
        }
    }

    /// geth's callTracer key order (measured; anvil's revm-inspectors prints the same).
    static let gethFrameOrder = ["from", "gas", "gasUsed", "to", "input", "output", "error", "revertReason",
                                 "calls", "logs", "value", "type"]
    static let gethLogOrder = ["address", "topics", "data", "position", "index"]

    /// EIP-55 forms of the seed's addresses that have letters, computed with
    /// pycryptodome's Keccak-256 (an implementation independent of this package;
    /// the engine's through eth_utils' to_checksum_address).
    static let checksummed = [
        "0x5bafcc0c93ecd8022925d7fd89da1c6250850e19": "0x5BaFcc0c93EcD8022925D7fd89da1C6250850E19",
        "0x9410c9031b8d168b22bb86acbd32b0af2c62a4a8": "0x9410c9031b8D168B22bb86aCBd32B0Af2c62A4A8",
        "0x000000000000000000000000000000000000a002": "0x000000000000000000000000000000000000A002",
        "0x000000000000000000000000000000000000a004": "0x000000000000000000000000000000000000A004",
        "0x000000000000000000000000000000000000a005": "0x000000000000000000000000000000000000A005",
        "0x000000000000000000000000000000000000b001": "0x000000000000000000000000000000000000B001",
        "0x000000000000000000000000000000000000b002": "0x000000000000000000000000000000000000B002",
    ]

    /// JSON text of `value` with object keys in `order` (others after, sorted), compact.
    static func render(_ value: Any, order: [String] = []) -> String {
        switch value {
        case let object as Line:
            let rank = { (key: String) in order.firstIndex(of: key) ?? order.count }
            let keys = object.keys.sorted { (rank($0), $0) < (rank($1), $1) }
            return "{" + keys.map { render($0) + ":" + render(object[$0]!, order: order) }.joined(separator: ",") + "}"
        case let array as [Any]:
            return "[" + array.map { render($0, order: order) }.joined(separator: ",") + "]"
        case let string as String:
            return String(decoding: try! JSONSerialization.data(withJSONObject: string, options: .fragmentsAllowed), as: UTF8.self)
        case let integer as Int:
            return String(integer)
        case let number as NSNumber:
            return number.stringValue
        default:
            return "null"
        }
    }

    /// A harness line as geth's callTracer prints the transaction's frame:
    /// its key order, empty `output`/`calls`/`logs` omitted, logs with an
    /// `index`, views as top-level `CALL`, addresses EIP-55 checksummed.
    static func gethFrame(_ line: Line) -> Line {
        var frame = line
        frame["block"] = nil
        if let calls = frame["calls"] as? [Line] { frame["calls"] = calls.map(gethFrame) }
        if frame["output"] as? String == "0x" { frame["output"] = nil }
        if (frame["calls"] as? [Any])?.isEmpty == true { frame["calls"] = nil }
        if frame["type"] as? String == "STATICCALL" { frame["type"] = "CALL" }
        for key in ["from", "to"] {
            if let address = frame[key] as? String { frame[key] = checksummed[address] ?? address }
        }
        if let logs = frame["logs"] as? [Line] {
            frame["logs"] = logs.isEmpty ? nil : logs.enumerated().map { k, log in
                var log = log
                log["index"] = "0x" + String(k, radix: 16)
                if let address = log["address"] as? String { log["address"] = checksummed[address] ?? address }
                return log
            }
        }
        return frame
    }

    /// Writes `lines` (already JSON text) as a trace file; returns its path.
    static func write(_ lines: [String], name: String = "trace.jsonl") throws -> String {
        let path = try RepositoryPaths.temporaryFolder().appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The seed trace with `edit` applied, written in the harness's shape (sorted keys).
    static func edited(_ edit: (inout [Line]) throws -> Void) throws -> String {
        var lines = try seedLines()
        try edit(&lines)
        return try write(lines.map { render($0) })
    }

    /// Whether a message names trace line `n` (the reader writes `file:n:`,
    /// the replayer `file:line n:`).
    static func namesLine(_ n: Int, in message: String) -> Bool {
        message.contains(".jsonl:\(n): ") || message.contains(".jsonl:line \(n): ")
    }

    // MARK: - What geth and anvil print is accepted

    /// "flat": a frame with `block` among its keys; "result": the result of
    /// `debug_traceTransaction` with its block; "jsonrpc": the whole JSON-RPC
    /// response with its block; "block-trace": an item of `debug_traceBlockByNumber`.
    @Test(arguments: ["flat", "result", "jsonrpc", "block-trace"])
    func gethShapedTraceReplaysWithoutDivergence(shape: String) throws {
        let lines = try Self.seedLines().enumerated().map { index, line -> String in
            let block = Self.render(line["block"]!, order: ["number", "timestamp"])
            let frame = Self.render(Self.gethFrame(line), order: Self.gethFrameOrder + Self.gethLogOrder)
            switch shape {
            case "flat": return "{\"block\":\(block)," + frame.dropFirst()
            case "result": return "{\"block\":\(block),\"result\":\(frame)}"
            case "block-trace":
                let hash = "0x" + String(repeating: "0", count: 60) + String(format: "%04x", index)
                return "{\"txHash\":\"\(hash)\",\"result\":\(frame),\"block\":\(block)}"
            default: return "{\"jsonrpc\":\"2.0\",\"id\":\(index + 1),\"result\":\(frame),\"block\":\(block)}"
            }
        }
        let path = try Self.write(lines)
        let outcome = try MarginProcess.run(["diff", path])
        #expect(outcome.status == 0, "\(shape): \(outcome.stdout.prefix(2000))\n\(outcome.stderr.prefix(2000))")
        #expect(outcome.stdout.hasPrefix("PASS"))
    }

    @Test func blockNumberGapsAndTransactionsSharingABlockAreAccepted() throws {
        var shared = 0
        let path = try Self.edited { lines in
            // A real chain: blocks 100, 103, 106, ...; and two transactions in one
            // block where the scenario gives two calls the same timestamp.
            for i in lines.indices { lines[i]["block"] = ["number": String(100 + 3 * i), "timestamp": (lines[i]["block"] as! Line)["timestamp"]!] }
            let timestamps = lines.map { ($0["block"] as! Line)["timestamp"] as! String }
            let i = try #require((2..<lines.count).first { timestamps[$0] == timestamps[$0 - 1] })
            lines[i]["block"] = lines[i - 1]["block"]
            shared = i
        }
        let outcome = try MarginProcess.run(["diff", path])
        #expect(shared > 0)
        #expect(outcome.status == 0, "\(outcome.stdout.prefix(1000))\n\(outcome.stderr)")
    }

    // MARK: - What the format forbids is bad input naming the line and field

    /// Per rule: the 0-based line edited, a text the message must contain
    /// (the field), and the edit.
    static let forbidden: [String: (line: Int, field: String, edit: @Sendable (inout Line, Line) -> Void)] = [
        "non-zero value": (5, "value", { line, _ in line["value"] = "0x1" }),
        "value with a leading zero": (5, "value", { line, _ in line["value"] = "0x00" }),
        "two sub-calls": (5, "calls", { line, _ in
            let call: Line = ["type": "CALL", "from": line["to"]!, "to": "0x0000000000000000000000000000000000002000",
                              "input": "0x", "gas": "0x1", "gasUsed": "0x1", "value": "0x0"]
            line["calls"] = [call, call]
        }),
        "a sub-call's own sub-call": (5, "calls[0].calls", { line, _ in
            let inner: Line = ["type": "CALL", "from": line["to"]!, "to": "0x0000000000000000000000000000000000002000",
                               "input": "0x", "gas": "0x1", "gasUsed": "0x1", "value": "0x0"]
            line["calls"] = [inner.merging(["calls": [inner]]) { $1 }]
        }),
        "an unknown sub-call type": (5, "calls[0].type", { line, _ in
            line["calls"] = [["type": "JUMP", "from": line["to"]!, "to": "0x0000000000000000000000000000000000002000", "input": "0x"]]
        }),
        "hex block number": (5, "block.number", { line, _ in line["block"] = ["number": "0x6", "timestamp": (line["block"] as! Line)["timestamp"]!] }),
        "hex timestamp": (5, "block.timestamp", { line, _ in
            let t = Int((line["block"] as! Line)["timestamp"] as! String)!
            line["block"] = ["number": (line["block"] as! Line)["number"]!, "timestamp": "0x" + String(t, radix: 16)]
        }),
        "block number going backwards": (5, "block.number", { line, previous in
            line["block"] = ["number": String(Int((previous["block"] as! Line)["number"] as! String)! - 1),
                             "timestamp": (line["block"] as! Line)["timestamp"]!]
        }),
        "block timestamp going backwards": (5, "block.timestamp", { line, previous in
            line["block"] = ["number": (line["block"] as! Line)["number"]!,
                             "timestamp": String(Int((previous["block"] as! Line)["timestamp"] as! String)! - 1)]
        }),
        "one block with two timestamps": (5, "block.timestamp", { line, previous in
            line["block"] = ["number": (previous["block"] as! Line)["number"]!,
                             "timestamp": String(Int((previous["block"] as! Line)["timestamp"] as! String)! + 1)]
        }),
        "uppercase 0X in input": (5, "input", { line, _ in line["input"] = "0X" + (line["input"] as! String).dropFirst(2) }),
        "uppercase hex digits in input": (5, "input", { line, _ in line["input"] = (line["input"] as! String).uppercased().replacingOccurrences(of: "0X", with: "0x") }),
        "uppercase 0X in an address": (5, "to", { line, _ in line["to"] = "0X" + (line["to"] as! String).dropFirst(2) }),
        "a wrong EIP-55 checksum": (5, "to", { line, _ in line["to"] = "0x9410c9031b8D168B22bb86aCBd32B0Af2c62A4a8" }),
        "all-uppercase address": (5, "to", { line, _ in line["to"] = (line["to"] as! String).uppercased().replacingOccurrences(of: "0X", with: "0x") }),
        "gas with a leading zero": (5, "gas", { line, _ in line["gas"] = "0x01c9c380" }),
        "decimal gasUsed": (5, "gasUsed", { line, _ in line["gasUsed"] = "50000" }),
        "error null": (5, "error", { line, _ in line["error"] = NSNull() }),
        "empty error": (5, "error", { line, _ in line["error"] = "" }),
        "revertReason without error": (5, "revertReason", { line, _ in line["revertReason"] = "boom" }),
        "misspelt key": (5, "ouput", { line, _ in line["ouput"] = line["output"]; line["output"] = nil }),
        "DELEGATECALL at the top": (5, "type", { line, _ in line["type"] = "DELEGATECALL" }),
        "extra block key": (5, "block", { line, _ in
            var block = line["block"] as! Line
            block["hash"] = "0x" + String(repeating: "00", count: 32)
            line["block"] = block
        }),
        "successful CREATE without to": (0, "to", { line, _ in line["to"] = nil }),
        "log position other than 0x0": (1, "logs[0].position", { line, _ in
            var logs = line["logs"] as! [Line]
            logs[0]["position"] = "0x1"
            line["logs"] = logs
        }),
        "uppercase topic": (1, "logs[0].topics[0]", { line, _ in
            var logs = line["logs"] as! [Line]
            logs[0]["topics"] = (logs[0]["topics"] as! [String]).map { "0x" + $0.dropFirst(2).uppercased() }
            line["logs"] = logs
        }),
        "JSON-RPC error response": (5, "error", { line, _ in
            line = ["jsonrpc": "2.0", "id": 6, "block": line["block"]!,
                    "error": ["code": -32000, "message": "transaction 0xabc not found"]]
        }),
        "JSON-RPC version other than 2.0": (5, "jsonrpc", { line, _ in
            let frame = line.filter { $0.key != "block" }
            line = ["jsonrpc": "1.0", "id": 6, "block": line["block"]!, "result": frame]
        }),
        "result form with a frame key outside result": (5, "type", { line, _ in
            let frame = line.filter { $0.key != "block" }
            line = ["block": line["block"]!, "result": frame, "type": "CALL"]
        }),
    ]

    @Test(arguments: forbidden.keys.sorted())
    func forbiddenFieldIsBadInputNamingTheLineAndTheField(rule: String) throws {
        let (index, field, edit) = Self.forbidden[rule]!
        let path = try Self.edited { lines in
            let previous = index > 0 ? lines[index - 1] : [:]
            edit(&lines[index], previous)
        }
        let outcome = try MarginProcess.run(["diff", path])
        #expect(outcome.status == 2, "\(rule): status \(outcome.status)\n\(outcome.stdout.prefix(800))\n\(outcome.stderr)")
        #expect(outcome.stderr.contains(path), "\(rule): names the file: \(outcome.stderr)")
        #expect(Self.namesLine(index + 1, in: outcome.stderr), "\(rule): names line \(index + 1): \(outcome.stderr)")
        #expect(outcome.stderr.contains(field), "\(rule): names \(field): \(outcome.stderr)")
    }

    @Test func failedFrameWithLogsIsBadInput() throws {
        var index = 0
        let path = try Self.edited { lines in
            index = try #require(lines.indices.first { $0 > 0 && lines[$0]["error"] != nil })
            lines[index]["logs"] = (lines[1]["logs"] as! [Line]).prefix(1).map { $0 }
        }
        let outcome = try MarginProcess.run(["diff", path])
        #expect(outcome.status == 2, "\(outcome.stdout.prefix(800))\n\(outcome.stderr)")
        #expect(Self.namesLine(index + 1, in: outcome.stderr) && outcome.stderr.contains("logs"), "\(outcome.stderr)")
    }

    @Test func longBadValueIsEchoedShortened() throws {
        let path = try Self.edited { lines in lines[5]["input"] = "0x" + String(repeating: "ab", count: 5000) + "zz" }
        let outcome = try MarginProcess.run(["diff", path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("input"), "\(outcome.stderr.prefix(500))")
        #expect(outcome.stderr.count < 400, "the echoed value is cut: \(outcome.stderr.count) characters")
    }

    // MARK: - A failed CREATE without `to`

    /// go-ethereum's callTracer omits `to` when the CREATE failed. If the model
    /// deploys the same constructor arguments, that is a real divergence.
    @Test(arguments: [false, true])
    func failedCreateWithoutToIsADivergenceWhenTheModelDeploys(all: Bool) throws {
        let path = try Self.edited { lines in   // line 2: the engine's deployment
            lines[1]["to"] = nil
            lines[1]["error"] = "execution reverted"
            lines[1]["output"] = "0x"
            lines[1]["logs"] = []
        }
        let outcome = try MarginProcess.run(["diff", path] + (all ? ["--all"] : []))
        #expect(outcome.status == 1, "\(outcome.stdout.prefix(1500))\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("Divergence at call 0 (trace line 2)"), "\(outcome.stdout.prefix(1500))")
        #expect(outcome.stdout.contains("differs   outcome"), "\(outcome.stdout.prefix(1500))")
        let json = try MarginProcess.run(["diff", path, "--json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"field\": \"outcome\""), "\(json.stdout.prefix(1500))")
    }

    // MARK: - Delegated calls (abi.md, "Deployment")

    /// The first governance call of the seed trace: its line index.
    static func firstDelegatedLine(_ lines: [Line]) throws -> Int {
        try #require(lines.indices.first { !(((lines[$0]["calls"] as? [Any]) ?? []).isEmpty) })
    }

    @Test func delegatedCallWithoutItsFrameIsADivergenceUnlessTheTraceHasNoFrames() throws {
        var index = 0
        let path = try Self.edited { lines in
            index = try Self.firstDelegatedLine(lines)
            let sub = (lines[index]["calls"] as! [Line])[0]
            lines[index]["logs"] = sub["logs"]   // as a revm trace has it: every log in the top frame
            lines[index]["calls"] = []
        }
        let strict = try MarginProcess.run(["diff", path])
        #expect(strict.status == 1, "\(strict.stdout.prefix(1500))\n\(strict.stderr)")
        #expect(strict.stdout.contains("trace line \(index + 1)") && strict.stdout.contains("call frames: no sub-call"),
                "\(strict.stdout.prefix(1500))")
        let flat = try MarginProcess.run(["diff", path, "--flat-calls"])
        #expect(flat.status == 0, "\(flat.stdout.prefix(1500))\n\(flat.stderr)")
        #expect(flat.stdout.contains("delegation frames not checked (--flat-calls)"), "\(flat.stdout.prefix(500))")
        let json = try MarginProcess.run(["diff", path, "--flat-calls", "--json"])
        #expect(json.stdout.contains("\"callFramesChecked\": false"), "\(json.stdout.prefix(500))")
    }

    @Test(arguments: ["to", "from", "type", "input", "output"])
    func delegationFrameThatDiffersIsADivergence(field: String) throws {
        var index = 0
        let path = try Self.edited { lines in
            index = try Self.firstDelegatedLine(lines)
            var sub = (lines[index]["calls"] as! [Line])[0]
            switch field {
            case "to", "from": sub[field] = "0x0000000000000000000000000000000000002000"
            case "type": sub["type"] = "CALL"
            case "input": sub["input"] = "0x"
            default: sub["output"] = "0x01"
            }
            lines[index]["calls"] = [sub]
        }
        let outcome = try MarginProcess.run(["diff", path])
        #expect(outcome.status == 1, "\(field): \(outcome.stdout.prefix(1500))\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("trace line \(index + 1)") && outcome.stdout.contains("differs   call frames:"),
                "\(field): \(outcome.stdout.prefix(1500))")
    }

    @Test func engineCallWithASubCallIsADivergence() throws {
        var index = 0
        let path = try Self.edited { lines in
            index = try #require(lines.indices.first { $0 > 1 && ((lines[$0]["calls"] as? [Any]) ?? []).isEmpty })
            lines[index]["calls"] = [["type": "DELEGATECALL", "from": lines[index]["to"]!, "to": lines[0]["to"]!,
                                      "input": lines[index]["input"]!, "output": lines[index]["output"]!]]
        }
        let outcome = try MarginProcess.run(["diff", path])
        #expect(outcome.status == 1, "\(outcome.stdout.prefix(1500))\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("expected none (the engine runs this function itself)"), "\(outcome.stdout.prefix(1500))")
    }

    @Test func failedExtensionDeploymentIsBadInput() throws {
        let path = try Self.edited { lines in
            lines[0]["error"] = "execution reverted"
            lines[0]["output"] = "0x"
        }
        let outcome = try MarginProcess.run(["diff", path])
        #expect(outcome.status == 2, "\(outcome.stdout.prefix(800))\n\(outcome.stderr)")
        #expect(Self.namesLine(1, in: outcome.stderr) && outcome.stderr.contains("governance extension's deployment failed"),
                "\(outcome.stderr)")
    }

    @Test func engineNamingAnotherExtensionIsBadInput() throws {
        let path = try Self.edited { lines in
            let input = lines[1]["input"] as! String
            let start = input.count - 14 * 64   // the constructor's 14 words end the init code
            let other = String(repeating: "0", count: 24) + "0000000000000000000000000000000000002000"
            lines[1]["input"] = String(input.prefix(start)) + other + String(input.dropFirst(start + 64))
        }
        let outcome = try MarginProcess.run(["diff", path])
        #expect(outcome.status == 2, "\(outcome.stdout.prefix(800))\n\(outcome.stderr)")
        #expect(Self.namesLine(2, in: outcome.stderr) && outcome.stderr.contains("names the governance extension"),
                "\(outcome.stderr)")
    }
}
