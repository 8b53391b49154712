import Foundation
import Testing
@testable import ContractIO
import Verification

/// The fast trace line decoder agrees with the reference reader (the JSON
/// tree, then `TraceFrame(json:line:)`): whatever it accepts, the reference
/// accepts as the same frame; whatever the reference refuses, it declines,
/// so the reference words the refusal. Checked on the committed traces, on
/// geth-shaped forms of them, and on many mutations of both.
@Suite struct TraceLineDecoderTests {
    static let traces = ["seed-11", "seed-12", "seed-13"].map {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Vectors/traces/\($0).jsonl").path
    }

    static func committedLines() throws -> [[UInt8]] {
        try traces.flatMap { path in
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { Array($0.utf8) }
        }
    }

    struct Refusal: Error { let message: String }

    /// What the reference reader makes of a line: the frame, or the message.
    static func reference(_ line: [UInt8]) -> Result<TraceFrame, Refusal> {
        do { return .success(try TraceReader.referenceFrame(line, line: 1)) } catch { return .failure(Refusal(message: "\(error)")) }
    }

    static func fast(_ line: [UInt8]) -> TraceFrame? {
        line.withUnsafeBytes { TraceLineDecoder.decode($0, lineNumber: 1) }
    }

    /// The law: an accepted line is the reference's frame, exactly.
    static func agrees(_ line: [UInt8]) -> Bool {
        guard let frame = fast(line) else { return true }
        guard case let .success(expected) = reference(line), expected == frame else {
            Issue.record("fast decoder accepted \(String(decoding: line, as: UTF8.self)) as \(frame), reference: \(reference(line))")
            return false
        }
        return true
    }

    /// A line as geth prints the frame (its key order, empty output, calls and
    /// logs left out, gas and value present, logs with an index), with the block.
    static func gethShaped(_ line: [UInt8]) throws -> [UInt8] {
        guard case let .object(members) = try JSONParser.parse(line) else { throw JSONPathError(path: "", message: "not an object") }
        let order = ["block", "from", "gas", "gasUsed", "to", "input", "output", "error", "revertReason", "calls", "logs", "value", "type"]
        var kept = members.filter { member in
            switch (member.key, member.value) {
            case ("output", .string("0x")), ("calls", .array([])), ("logs", .array([])): return false
            default: return true
            }
        }
        for (key, value) in [("gas", "0x1c9c380"), ("gasUsed", "0xc44a"), ("value", "0x0")]
        where !kept.contains(where: { $0.key == key }) {
            kept.append((key, .string(value)))
        }
        kept = kept.map { member in
            guard member.key == "logs", case let .array(logs) = member.value else { return member }
            return ("logs", .array(logs.enumerated().map { index, log in
                guard case let .object(fields) = log else { return log }
                return .object(fields + [("index", .string("0x" + String(index, radix: 16)))])
            }))
        }
        kept.sort { (order.firstIndex(of: $0.key) ?? 99) < (order.firstIndex(of: $1.key) ?? 99) }
        return Array(render(.object(kept)).utf8)
    }

    /// Compact JSON in the members' own order.
    static func render(_ value: JSONValue) -> String {
        switch value {
        case let .object(members): return "{" + members.map { CanonicalJSON.quoted($0.key) + ":" + render($0.value) }.joined(separator: ",") + "}"
        case let .array(items): return "[" + items.map(render).joined(separator: ",") + "]"
        default: return CanonicalJSON.renderCompact(value)
        }
    }

    @Test func decodesEveryCommittedLineAsTheReferenceDoes() throws {
        let lines = try Self.committedLines()
        #expect(lines.count > 2000)
        for line in lines {
            guard case let .success(expected) = Self.reference(line) else {
                Issue.record("a committed line is refused: \(String(decoding: line, as: UTF8.self))")
                continue
            }
            #expect(Self.fast(line) == expected, "\(String(decoding: line, as: UTF8.self))")
        }
    }

    @Test func decodesGethShapedLinesAsTheReferenceDoes() throws {
        for line in try Self.committedLines().prefix(400) {
            let geth = try Self.gethShaped(line)
            guard case let .success(expected) = Self.reference(geth) else {
                Issue.record("a geth-shaped line is refused: \(String(decoding: geth, as: UTF8.self)): \(Self.reference(geth))")
                continue
            }
            #expect(Self.fast(geth) == expected, "\(String(decoding: geth, as: UTF8.self))")
        }
    }

    /// Bytes that change what a line means: JSON structure, escapes, case,
    /// digits, whitespace, control and non-ASCII bytes.
    static let interestingBytes: [UInt8] = Array("\\\"{}[],: \t\r0129afgAFXx-+.enulltrue".utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xFF]

    /// Random byte-level and token-level mutations of real lines: each is
    /// either declined by the fast decoder or read exactly as the reference reads it.
    @Test func mutatedLinesNeverDisagree() throws {
        var random = SeededRandom(seed: 13)
        let bases = try Self.committedLines().enumerated().filter { $0.offset % 7 == 0 }.map(\.element)
        let gethBases = try bases.prefix(120).map(Self.gethShaped)
        var accepted = 0, declined = 0, tried = 0
        for base in bases + gethBases {
            for _ in 0..<12 {
                var line = base
                for _ in 0...random.int(0...2) { Self.mutate(&line, &random) }
                tried += 1
                #expect(Self.agrees(line))
                if Self.fast(line) == nil { declined += 1 } else { accepted += 1 }
            }
        }
        // Both sides of the law are exercised: many mutations keep the line
        // valid (a digit for a digit), many break it.
        #expect(accepted > 300 && declined > 3000, "accepted \(accepted), declined \(declined) of \(tried)")
    }

    static func mutate(_ line: inout [UInt8], _ random: inout SeededRandom) {
        guard !line.isEmpty else { line = Array("{}".utf8); return }
        let at = random.int(0...(line.count - 1))
        switch random.int(0...7) {
        case 0: line[at] = random.pick(interestingBytes)
        case 1: line.insert(random.pick(interestingBytes), at: at)
        case 2: line.remove(at: at)
        case 3:   // a hex digit for another, upper or lower case
            if HexBytes.isHexDigit(line[at]) { line[at] = random.pick(Array("0123456789abcdefABCDEF".utf8)) }
        case 4:   // a whole member repeated (a duplicate key)
            if let comma = line[at...].firstIndex(of: UInt8(ascii: ",")),
               let quote = line[..<comma].lastIndex(of: UInt8(ascii: "\"")).flatMap({ line[..<$0].lastIndex(of: UInt8(ascii: "\"")) }) {
                line.insert(contentsOf: line[quote...comma], at: quote)
            }
        case 5:   // a stretch deleted
            let end = min(line.count, at + random.int(1...80))
            line.removeSubrange(at..<end)
        case 6:   // a character written as a \u escape (the same JSON string)
            let c = line[at]
            if c >= 0x20 && c < 0x7F && c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\") {
                line.replaceSubrange(at...at, with: Array(String(format: "\\u%04x", c).utf8))
            }
        default:  // digits lengthened: leading zeros, overlong quantities and decimals
            line.insert(contentsOf: Array(repeating: random.pick(Array("0f9".utf8)), count: random.int(1...70)), at: at)
        }
    }

    /// Each edge case the format names, the fast decoder declining or
    /// agreeing exactly; valid spellings the decoder leaves to the reference
    /// still read as the same frame through `TraceReader`.
    @Test(arguments: [
        ("an escaped character in a string", #""type":"C\u0041LL""#, true),
        ("an escaped slash in the error", #""error":"execution\/reverted""#, true),
        ("uppercase hex in input", #""input":"0xABCD""#, false),
        ("0X prefix", #""input":"0X""#, false),
        ("odd hex digits", #""input":"0xabc""#, false),
        ("a leading zero in a quantity", #""gas":"0x01""#, false),
        ("an uppercase quantity", #""gas":"0xAB""#, false),
        ("a quantity of 65 digits", #""gas":"0x1"# + String(repeating: "0", count: 64) + "\"", false),
        ("a quantity of 64 digits", #""gas":"0x"# + String(repeating: "f", count: 64) + "\"", true),
        ("a leading zero in a block number", #""block":{"number":"07","timestamp":"1"}"#, false),
        ("a 20-digit block number", #""block":{"number":"12345678901234567890","timestamp":"1"}"#, true),
        ("a 79-digit block number", #""block":{"number":"1"# + String(repeating: "0", count: 78) + #"","timestamp":"1"}"#, false),
        ("a hex block number", #""block":{"number":"0x1","timestamp":"1"}"#, false),
        ("a non-zero value", #""value":"0x1""#, false),
        ("a number for a string", #""gas":21000"#, false),
        ("null error", #""error":null"#, false),
        ("a sub-call", #""calls":[{}]"#, false),
        ("an unknown key", #""ouput":"0x""#, false),
        ("a non-ASCII error text", #""error":"réverted""#, true),
    ])
    func edgeCase(name: String, member: String, valid: Bool) throws {
        // A plain CALL to which the member is added (or which it replaces).
        var fields: [String: String] = [
            "block": #"{"number":"2","timestamp":"1700000000"}"#, "type": #""CALL""#,
            "from": #""0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1""#,
            "to": #""0x1e95dcd1b6304bbec052f7049020052bf1fe31d6""#, "input": #""0x""#,
        ]
        let colon = try #require(member.firstIndex(of: ":"))
        let key = String(member[member.index(after: member.startIndex)..<member.index(before: colon)])
        fields[key] = String(member[member.index(after: colon)...])
        let line = Array(("{" + fields.keys.sorted().map { "\"\($0)\":\(fields[$0]!)" }.joined(separator: ",") + "}").utf8)
        #expect(Self.agrees(line), "\(name)")
        let referenceAccepts = if case .success = Self.reference(line) { true } else { false }
        #expect(referenceAccepts == valid, "\(name): reference \(Self.reference(line))")
        // Through the whole reader (the decoder, then the reference): the
        // reference's frame or its exact message.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("decoder-\(UUID().uuidString).jsonl")
        try Data(line + [0x0A]).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let reader = try TraceReader(path: file.path)
        switch Self.reference(line) {
        case let .success(frame): #expect(try reader.next() == frame, "\(name)")
        case let .failure(message):
            #expect(throws: FileFailure.self) { _ = try reader.next() }
            _ = message
        }
    }

    /// The read-ahead reader gives what the plain reader gives, frame for
    /// frame, then the same failure at the same line.
    @Test func readAheadGivesTheSameFramesAndFailure() throws {
        let good = try String(contentsOfFile: Self.traces[0], encoding: .utf8)
        let lines = good.split(separator: "\n")
        let text = lines.prefix(500).joined(separator: "\n") + "\n{\"type\":\"CALL\"}\n" + lines.dropFirst(500).joined(separator: "\n")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("readahead-\(UUID().uuidString).jsonl")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let plain = try TraceReader(path: file.path), ahead = try TraceReadAhead(path: file.path)
        var count = 0
        while true {
            let expected: Result<TraceFrame?, FileFailure>, actual: Result<TraceFrame?, FileFailure>
            do { expected = .success(try plain.next()) } catch { expected = .failure(error) }
            do { actual = .success(try ahead.next()?.frame) } catch { actual = .failure(error) }
            #expect("\(expected)" == "\(actual)")
            guard case let .success(frame?) = expected else { break }
            _ = frame
            count += 1
        }
        #expect(count == 500)
    }
}
