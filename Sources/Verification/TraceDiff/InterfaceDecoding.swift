import ContractABI
import ContractIO
import EVMArithmetic
import MarginEngine

/// Human-readable decoding of the contract's bytes, for reports.
public enum InterfaceDecoding {
    /// "InsufficientMargin(0x…, -5, 100)", "empty (checked arithmetic)", or raw hex.
    public static func revert(_ data: [UInt8]) -> String {
        if data.isEmpty { return "empty revert data (checked arithmetic, or a calldata-level revert)" }
        if let message = ABICodec.decodeErrorString(data) { return "Error(\(CanonicalJSON.quoted(message)))" }
        if data.count >= 4, let (name, types) = EngineError.bySelector[Array(data.prefix(4))],
           let values = try? ABICodec.decode(types, from: data.dropFirst(4)) {
            return name + "(" + values.map(\.description).joined(separator: ", ") + ")"
        }
        return "undecodable revert data " + HexBytes.encode(data)
    }

    /// "(7198750000000000000000)" or raw hex when it does not decode.
    public static func returns(_ data: [UInt8], of function: EngineFunction?) -> String {
        guard let function else { return "\(data.count) bytes" }
        if function.returnTypes.isEmpty && data.isEmpty { return "()" }
        guard let values = try? ABICodec.decode(function.returnTypes, from: data) else {
            return "undecodable return data " + HexBytes.encode(data)
        }
        return "(" + values.map(\.description).joined(separator: ", ") + ")"
    }

    /// "Trade(0x…, 0x…, 0, …)" from a log's topics and data.
    public static func log(_ log: TraceFrame.Log) -> String {
        guard let topic0 = log.topics.first, let (name, fields) = EngineEvent.byTopic[topic0] else {
            return "unknown event, topics " + log.topics.map(\.paddedHexString).joined(separator: " ")
                + " data " + HexBytes.encode(log.data)
        }
        let dataTypes = fields.filter { !$0.indexed }.map(\.type)
        guard let dataValues = try? ABICodec.decode(dataTypes, from: log.data),
              log.topics.count == 1 + fields.filter(\.indexed).count else {
            return name + " with malformed topics or data"
        }
        var indexed = log.topics.dropFirst().makeIterator()
        var data = dataValues.makeIterator()
        let values: [String] = fields.map { field in
            if field.indexed {
                let word = indexed.next() ?? .zero
                return field.type.decode(word)?.description ?? word.paddedHexString
            }
            return data.next()?.description ?? "?"
        }
        return name + "(" + values.joined(separator: ", ") + ")"
    }

    /// The observation in words: "success (…) with 2 events" or "revert …".
    public static func observation(_ o: Observation, function: EngineFunction?) -> String {
        if o.reverted { return "revert " + revert(o.data) }
        let events = o.logs.isEmpty ? "" : ", events: " + o.logs.map(log).joined(separator: "; ")
        return "success " + returns(o.data, of: function) + events
    }

    /// Side-by-side hex of two byte strings, in ABI words (a 4-byte selector
    /// first when the length says so), with carets under differing bytes.
    public static func markedHex(expected: [UInt8], actual: [UInt8]) -> [String] {
        func chunks(_ count: Int) -> [Range<Int>] {
            var ranges: [Range<Int>] = []
            var start = 0
            if count % 32 == 4 { ranges.append(0..<4); start = 4 }
            while start < count { ranges.append(start..<min(start + 32, count)); start += 32 }
            return ranges
        }
        let ranges = chunks(max(expected.count, actual.count))
        if ranges.isEmpty { return ["expected 0x", "actual   0x"] }
        var lines: [String] = []
        for range in ranges {
            let e = range.map { $0 < expected.count ? hexByte(expected[$0]) : "  " }
            let a = range.map { $0 < actual.count ? hexByte(actual[$0]) : "  " }
            let label = "[\(range.lowerBound)]".leftPadded(5, " ")
            lines.append("\(label) expected \(e.joined())")
            lines.append("      actual   \(a.joined())")
            if e != a {
                lines.append("               " + zip(e, a).map { $0 == $1 ? "  " : "^^" }.joined())
            }
        }
        return lines
    }

    private static func hexByte(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }
}

extension String {
    func leftPadded(_ width: Int, _ pad: Character) -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
