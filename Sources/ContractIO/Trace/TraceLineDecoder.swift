#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EVMArithmetic

/// Reads the common trace line, a frame with its block as `run.py` writes
/// it (keys in any order, geth's omissions allowed), straight from its bytes
/// into a `TraceFrame`: no JSON tree, hex decoded directly into bytes and
/// words.
///
/// It accepts only what the reference reader (`JSONParser`, then
/// `TraceFrame(json:line:)`) accepts, and gives the same frame. Anything it
/// does not recognise as plainly valid (an escape, non-ASCII or control
/// bytes in a string, uppercase hex, a checksummed address, a number where
/// a string belongs, a duplicate or unknown key, the JSON-RPC envelope, a
/// value outside its rule) makes it return nil; the reference reader then
/// reads that line, so every message about bad input is the reference's.
/// `TraceLineDecoderTests` checks the agreement on mutated lines.
enum TraceLineDecoder {
    static func decode(_ line: UnsafeRawBufferPointer, lineNumber: Int) -> TraceFrame? {
        guard let base = line.baseAddress else { return nil }
        var cursor = Cursor(bytes: base.assumingMemoryBound(to: UInt8.self), count: line.count)
        guard let frame = cursor.frame(line: lineNumber) else { return nil }
        cursor.skipWhitespace()
        return cursor.atEnd ? frame : nil
    }
}

/// A position in one line; every read returns nil where the line leaves
/// the plainly valid shape.
private struct Cursor {
    let bytes: UnsafePointer<UInt8>
    let count: Int
    var index = 0

    init(bytes: UnsafePointer<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
    }

    var atEnd: Bool { index == count }

    mutating func skipWhitespace() {
        while index < count {
            let b = bytes[index]
            guard b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D else { return }
            index += 1
        }
    }

    /// Consumes `byte` after optional whitespace.
    mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// The bytes of a string without escapes whose every byte is printable
    /// ASCII (so its text is those bytes as they stand).
    mutating func string() -> UnsafeBufferPointer<UInt8>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return UnsafeBufferPointer(start: bytes + start, count: index - 1 - start)
            }
            guard b >= 0x20 && b < 0x7F && b != UInt8(ascii: "\\") else { return nil }
            index += 1
        }
        return nil
    }

    /// Walks an object's members: `member` reads each value (after its key
    /// and colon) and returns false to give up. Empty objects are allowed.
    mutating func members(_ member: (inout Cursor, TraceKey) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        while true {
            guard let name = string(), let key = TraceKey(name), take(UInt8(ascii: ":")),
                  member(&self, key) else { return false }
            if take(UInt8(ascii: "}")) { return true }
            guard take(UInt8(ascii: ",")) else { return false }
        }
    }

    /// Walks an array's items; `item` reads each one and returns false to give up.
    mutating func items(_ item: (inout Cursor) -> Bool) -> Bool {
        guard take(UInt8(ascii: "[")) else { return false }
        if take(UInt8(ascii: "]")) { return true }
        while true {
            guard item(&self) else { return false }
            if take(UInt8(ascii: "]")) { return true }
            guard take(UInt8(ascii: ",")) else { return false }
        }
    }

    // MARK: the frame

    /// The keys a transaction's frame and a nested frame share, read as
    /// they come.
    struct CallFields {
        var from: Address?, to: Address?
        var input: [UInt8]?, output: [UInt8] = []
        var error: String?, hasRevertReason = false
        var logs: [TraceFrame.Log] = []

        /// A failed frame has no logs; a revert reason goes with an error.
        var consistent: Bool { (!hasRevertReason || error != nil) && (error == nil || logs.isEmpty) }
    }

    /// Reads the value of `key` into `fields`: true when read, false when
    /// invalid, nil when `key` is not a call-frame key the two share.
    mutating func callMember(_ key: TraceKey, into fields: inout CallFields) -> Bool? {
        switch key {
        case .from: fields.from = address(); return fields.from != nil
        case .to: fields.to = address(); return fields.to != nil
        case .input: fields.input = hexBytes(); return fields.input != nil
        case .output:
            guard let bytes = hexBytes() else { return false }
            fields.output = bytes
            return true
        case .error:
            guard let text = string(), !text.isEmpty else { return false }
            fields.error = String(decoding: text, as: UTF8.self)
            return true
        case .revertReason: fields.hasRevertReason = true; return string() != nil
        case .value: return quantity() == .zero
        case .gas, .gasUsed: return quantity() != nil
        case .logs:
            return items { cursor in
                guard let log = cursor.log() else { return false }
                fields.logs.append(log)
                return true
            }
        default: return nil
        }
    }

    mutating func frame(line: Int) -> TraceFrame? {
        var seen = KeySet()
        var kind: TraceFrame.Kind?
        var fields = CallFields()
        var calls: [TraceFrame.SubCall] = []
        var block: (number: UInt256, timestamp: UInt256)?
        let complete = members { cursor, key in
            guard seen.insert(key) else { return false }
            if let read = cursor.callMember(key, into: &fields) { return read }
            switch key {
            case .block: block = cursor.block(); return block != nil
            case .type:
                guard let text = cursor.string() else { return false }
                kind = TraceKey.kind(text)
                return kind != nil
            case .calls:
                return cursor.items { cursor in   // at most one: the engine's delegation
                    guard calls.isEmpty, let call = cursor.subCall() else { return false }
                    calls.append(call)
                    return true
                }
            default: return false
            }
        }
        guard complete, let kind, let from = fields.from, let input = fields.input, let block, fields.consistent,
              fields.to != nil || (kind == .create && fields.error != nil) else { return nil }
        return TraceFrame(kind: kind, from: from, to: fields.to, input: input, output: fields.output, reverted: fields.error != nil,
                          error: fields.error, logs: fields.logs, calls: calls, blockNumber: block.number, timestamp: block.timestamp,
                          line: line)
    }

    /// A DELEGATECALL sub-frame without calls of its own (any other type
    /// goes to the reference reader).
    mutating func subCall() -> TraceFrame.SubCall? {
        var seen = KeySet()
        var isDelegateCall = false
        var fields = CallFields()
        let complete = members { cursor, key in
            guard seen.insert(key) else { return false }
            if let read = cursor.callMember(key, into: &fields) { return read }
            switch key {
            case .type:
                guard let text = cursor.string() else { return false }
                isDelegateCall = text.elementsEqual("DELEGATECALL".utf8)
                return isDelegateCall
            case .calls: return cursor.items { _ in false }   // only []
            default: return false
            }
        }
        guard complete, isDelegateCall, let from = fields.from, let to = fields.to, let input = fields.input,
              fields.consistent else { return nil }
        return TraceFrame.SubCall(type: "DELEGATECALL", from: from, to: to, input: input, output: fields.output,
                                  error: fields.error, logs: fields.logs)
    }

    mutating func block() -> (number: UInt256, timestamp: UInt256)? {
        var seen = KeySet()
        var number: UInt256?, timestamp: UInt256?
        let complete = members { cursor, key in
            guard seen.insert(key) else { return false }
            switch key {
            case .number: number = cursor.decimal(); return number != nil
            case .timestamp: timestamp = cursor.decimal(); return timestamp != nil
            default: return false
            }
        }
        guard complete, let number, let timestamp else { return nil }
        return (number, timestamp)
    }

    mutating func log() -> TraceFrame.Log? {
        var seen = KeySet()
        var address: Address?, data: [UInt8]?
        var topics: [UInt256] = []
        var topicsSeen = false
        let complete = members { cursor, key in
            guard seen.insert(key) else { return false }
            switch key {
            case .address: address = cursor.address(); return address != nil
            case .data: data = cursor.hexBytes(); return data != nil
            case .position: return cursor.quantity() == .zero
            case .index: return cursor.quantity() != nil
            case .topics:
                topicsSeen = true
                return cursor.items { cursor in
                    guard topics.count < 4, let topic = cursor.topic() else { return false }
                    topics.append(topic)
                    return true
                }
            default: return false
            }
        }
        guard complete, topicsSeen, let address, let data else { return nil }
        return TraceFrame.Log(address: address, topics: topics, data: data)
    }

    // MARK: values

    /// The bytes between a string's quotes, found with memchr and not
    /// checked: for hex values only, whose digits are checked as they are
    /// decoded (a backslash, a control or non-ASCII byte is no hex digit, so
    /// such a string fails there as `string()` would fail it).
    mutating func hexString() -> UnsafeBufferPointer<UInt8>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        guard let found = memchr(bytes + index, Int32(UInt8(ascii: "\"")), count - index) else { return nil }
        let end = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - bytes
        defer { index = end + 1 }
        return UnsafeBufferPointer(start: bytes + index, count: end - index)
    }

    /// "0x" and an even number of lowercase hex digits.
    mutating func hexBytes() -> [UInt8]? {
        guard let text = hexString(), text.count >= 2, text.count % 2 == 0,
              text[0] == UInt8(ascii: "0"), text[1] == UInt8(ascii: "x") else { return nil }
        let count = (text.count - 2) / 2
        if count == 0 { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        let valid = bytes.withUnsafeMutableBufferPointer { out in
            Hex.decode(UnsafeBufferPointer(rebasing: text[2...]), into: out.baseAddress!)
        }
        return valid ? bytes : nil
    }

    /// "0x" and 40 lowercase hex digits (a checksummed address goes to the
    /// reference reader, which checks the checksum).
    mutating func address() -> Address? {
        guard let text = hexString(), text.count == 42 else { return nil }
        return Hex.word(text).flatMap(Address.init(word:))
    }

    /// "0x" and 64 lowercase hex digits.
    mutating func topic() -> UInt256? {
        guard let text = hexString(), text.count == 66 else { return nil }
        return Hex.word(text)
    }

    /// A JSON-RPC quantity: "0x" and 1 to 64 lowercase hex digits without
    /// leading zeros ("0x0" for zero).
    mutating func quantity() -> UInt256? {
        guard let text = hexString(), text.count >= 3, text.count <= 66,
              text[2] != UInt8(ascii: "0") || text.count == 3 else { return nil }
        return Hex.word(text)
    }

    /// A block number or timestamp: a decimal without sign or leading zeros,
    /// of at most 19 digits (so it fits a UInt64; longer ones go to the reference).
    mutating func decimal() -> UInt256? {
        guard let text = string(), text.count >= 1, text.count <= 19,
              text[0] != UInt8(ascii: "0") || text.count == 1 else { return nil }
        var value: UInt64 = 0
        for c in text {
            guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt64(c - UInt8(ascii: "0"))
        }
        return UInt256(value)
    }
}

/// Lowercase hex digits, as geth prints them.
private enum Hex {
    /// Each byte's digit value, 0xFF for anything but 0-9 and a-f: a table
    /// instead of branches, which random hex digits would mispredict.
    nonisolated(unsafe) static let values: UnsafePointer<UInt8> = {   // written once, then only read
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: 0xFF, count: 256)
        for (value, digit) in "0123456789abcdef".utf8.enumerated() { table[Int(digit)] = UInt8(value) }
        return UnsafePointer(table)
    }()

    /// Decodes an even number of digits into `digits.count / 2` bytes at
    /// `out`; false if any is not a lowercase hex digit.
    static func decode(_ digits: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Bool {
        let values = Hex.values
        var invalid: UInt8 = 0
        var i = 0, o = 0
        while i < digits.count {
            let hi = values[Int(digits[i])], lo = values[Int(digits[i &+ 1])]
            invalid |= hi | lo
            out[o] = hi &<< 4 | lo
            i &+= 2
            o &+= 1
        }
        return invalid <= 15
    }

    /// "0x" and 1 to 64 lowercase hex digits, read into a word's limbs.
    static func word(_ text: UnsafeBufferPointer<UInt8>) -> UInt256? {
        guard text.count >= 3, text.count <= 66, text[0] == UInt8(ascii: "0"), text[1] == UInt8(ascii: "x") else { return nil }
        let values = Hex.values
        var limbs: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var invalid: UInt8 = 0
        // Each limb takes up to 16 digits, read from the most significant.
        var end = text.count
        for limb in 0..<4 {
            let start = max(2, end - 16)
            var value: UInt64 = 0
            for i in start..<end {
                let digit = values[Int(text[i])]
                invalid |= digit
                value = value &<< 4 | UInt64(digit & 15)
            }
            switch limb {
            case 0: limbs.0 = value
            case 1: limbs.1 = value
            case 2: limbs.2 = value
            default: limbs.3 = value
            }
            end = start
            if end == 2 { break }
        }
        guard invalid <= 15 else { return nil }
        return UInt256(w0: limbs.0, w1: limbs.1, w2: limbs.2, w3: limbs.3)
    }
}

/// The keys a trace line's objects may have (Spec/trace-format.md).
private enum TraceKey: UInt8 {
    case block, type, from, to, input, output, error, revertReason, value, gas, gasUsed, calls, logs
    case number, timestamp
    case address, topics, data, position, index

    private static let names: [(name: [UInt8], key: TraceKey)] = {
        let pairs: [(String, TraceKey)] = [
            ("block", .block), ("type", .type), ("from", .from), ("to", .to), ("input", .input),
            ("output", .output), ("error", .error), ("revertReason", .revertReason), ("value", .value),
            ("gas", .gas), ("gasUsed", .gasUsed), ("calls", .calls), ("logs", .logs), ("number", .number),
            ("timestamp", .timestamp), ("address", .address), ("topics", .topics), ("data", .data),
            ("position", .position), ("index", .index),
        ]
        return pairs.map { (Array($0.0.utf8), $0.1) }
    }()

    init?(_ text: UnsafeBufferPointer<UInt8>) {
        for entry in TraceKey.names where entry.name.count == text.count && entry.name.elementsEqual(text) {
            self = entry.key
            return
        }
        return nil
    }

    private static let kinds: [(name: [UInt8], kind: TraceFrame.Kind)] =
        [TraceFrame.Kind.call, .staticCall, .create].map { (Array($0.rawValue.utf8), $0) }

    static func kind(_ text: UnsafeBufferPointer<UInt8>) -> TraceFrame.Kind? {
        kinds.first { $0.name.count == text.count && $0.name.elementsEqual(text) }?.kind
    }
}

/// The keys one object has shown so far: a second of the same is refused.
private struct KeySet {
    private var bits: UInt32 = 0

    /// False if `key` was already there.
    mutating func insert(_ key: TraceKey) -> Bool {
        let bit = UInt32(1) << UInt32(key.rawValue)
        defer { bits |= bit }
        return bits & bit == 0
    }
}
