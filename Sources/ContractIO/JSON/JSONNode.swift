import EVMArithmetic

/// What is wrong at one place in a JSON document: `path: message`, with
/// the path in JSONPath-like form (`accounts[0].positions[1].size`).
public struct JSONPathError: Error, Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let message: String
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

/// A JSON value with the path that reached it, for typed reads whose
/// errors say where and what was expected.
public struct JSONNode: Sendable {
    public let value: JSONValue
    public let path: String

    public init(_ value: JSONValue, path: String = "") {
        self.value = value
        self.path = path
    }

    public func error(_ message: String) -> JSONPathError {
        JSONPathError(path: path, message: message)
    }

    private func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The members of an object with exactly the `required` keys plus any of
    /// `optional`; unknown or missing keys are errors.
    public func object(required: [String], optional: [String] = []) throws(JSONPathError) -> [String: JSONNode] {
        guard case let .object(members) = value else { throw error("expected an object, found \(value.kind)") }
        var result: [String: JSONNode] = [:]
        for member in members {
            guard required.contains(member.key) || optional.contains(member.key) else {
                let allowed = (required + optional).sorted().map { "\"\($0)\"" }.joined(separator: ", ")
                throw error("unknown key \(JSONNode.quote(member.key)), expected only \(allowed)")
            }
            result[member.key] = JSONNode(member.value, path: child(member.key))
        }
        for key in required where result[key] == nil {
            throw error("missing key \"\(key)\"")
        }
        return result
    }

    /// The items of an array, optionally of an exact or bounded length.
    public func array(count expected: ClosedRange<Int>? = nil) throws(JSONPathError) -> [JSONNode] {
        guard case let .array(items) = value else { throw error("expected an array, found \(value.kind)") }
        if let expected, !expected.contains(items.count) {
            let what = expected.lowerBound == expected.upperBound
                ? "\(expected.lowerBound)" : "\(expected.lowerBound) to \(expected.upperBound)"
            throw error("expected an array of \(what) items, found \(items.count)")
        }
        return items.enumerated().map { JSONNode($0.element, path: "\(path)[\($0.offset)]") }
    }

    public func string() throws(JSONPathError) -> String {
        guard case let .string(s) = value else { throw error("expected a string, found \(value.kind)") }
        return s
    }

    public func bool() throws(JSONPathError) -> Bool {
        guard case let .bool(b) = value else { throw error("expected true or false, found \(value.kind)") }
        return b
    }

    /// A uint256 as a canonical decimal string (`0|[1-9][0-9]*`).
    public func uint256() throws(JSONPathError) -> UInt256 {
        guard case let .string(s) = value else {
            throw error("expected a uint256 as a decimal string, found \(value.kind)")
        }
        guard JSONNode.isCanonicalDecimal(s[...]) else {
            throw error("expected a uint256 as a decimal string without sign or leading zeros, found \(JSONNode.quote(s))")
        }
        do { return try UInt256(parsing: s) } catch { throw self.error("\(error)") }
    }

    /// An int256 as a canonical signed decimal string (`-` allowed, not `-0`).
    public func int256() throws(JSONPathError) -> Int256 {
        guard case let .string(s) = value else {
            throw error("expected an int256 as a decimal string, found \(value.kind)")
        }
        let digits = s.hasPrefix("-") ? s.dropFirst() : s[...]
        guard JSONNode.isCanonicalDecimal(digits), s != "-0" else {
            throw error("expected an int256 as a decimal string without leading zeros, found \(JSONNode.quote(s))")
        }
        do { return try Int256(parsing: s) } catch { throw self.error("\(error)") }
    }

    /// An address: "0x" and 40 hex digits.
    public func address() throws(JSONPathError) -> Address {
        guard case let .string(s) = value else { throw error("expected an address string, found \(value.kind)") }
        do { return try Address(parsing: s) } catch { throw self.error("\(error)") }
    }

    /// Bytes as "0x" followed by an even number of hex digits.
    public func hexBytes() throws(JSONPathError) -> [UInt8] {
        let s = try string()
        guard let bytes = HexBytes.decode(s) else {
            throw error("expected 0x-prefixed hex bytes (an even number of hex digits), found \(JSONNode.quote(s))")
        }
        return bytes
    }

    /// The number spellings every reader accepts: a decimal without sign,
    /// `+` or leading zeros; with `signed`, also `-` before a non-zero
    /// decimal; with `hex`, also `0x` and 1 to 64 hex digits (a word, no
    /// sign, no `0X`).
    public static func isNumberSpelling(_ s: String, signed: Bool, hex: Bool) -> Bool {
        if hex && s.hasPrefix("0x") {
            let digits = s.utf8.dropFirst(2)
            return (1...64).contains(digits.count) && digits.allSatisfy { HexBytes.isHexDigit($0) }
        }
        if signed && s.hasPrefix("-") { return s != "-0" && isCanonicalDecimal(s.dropFirst()) }
        return isCanonicalDecimal(s[...])
    }

    static func isCanonicalDecimal(_ s: Substring) -> Bool {
        guard let first = s.first, s.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return false }
        return first != "0" || s.count == 1
    }

    /// Quotes a value for a message, shortened if huge.
    public static func quote(_ s: String) -> String {
        CanonicalJSON.quoted(s.count > 80 ? String(s.prefix(80)) + "…" : s)
    }
}

/// 0x-hex byte strings, as traces and vectors write bytes.
public enum HexBytes {
    /// "0x" followed by two lowercase hex digits per byte ("0x" when empty).
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: "x")]
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes "0x…" with an even number of hex digits (either case); nil otherwise.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode(utf8: $0) }
    }

    /// Decodes the UTF-8 of "0x…" without copying it first.
    static func decode(utf8: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X"),
              utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var i = 2
        while i < utf8.count {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
            i += 2
        }
        return bytes
    }

    static func isHexDigit(_ c: UInt8) -> Bool { nibbleTable[Int(c)] != 0xFF }

    @inline(__always)
    private static func nibble(_ c: UInt8) -> UInt8? {
        let v = nibbleTable[Int(c)]
        return v == 0xFF ? nil : v
    }

    /// Hex digit values by byte, 0xFF for a non-digit: decoding traces is
    /// mostly this loop.
    private static let nibbleTable: [UInt8] = (0..<256).map { c -> UInt8 in
        switch UInt8(c) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt8(c) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt8(c) - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt8(c) - UInt8(ascii: "A") + 10
        default: return 0xFF
        }
    }
}
