/// A 20-byte EVM account address, held as the 256-bit word the EVM uses
/// (the high 96 bits are always zero).
public struct Address: Sendable, Hashable, Comparable {
    public let word: UInt256

    /// The address in the low 160 bits of `word`; nil when a high bit is set.
    public init?(word: UInt256) {
        guard word.w3 == 0, word.w2 >> 32 == 0 else { return nil }
        self.word = word
    }

    /// A small address such as 0x…0001, for examples and tests.
    public init(_ value: UInt64) {
        word = UInt256(value)
    }

    public static let zero = Address(0)

    /// Parses "0x" followed by exactly 40 hex digits (either case; the
    /// EIP-55 checksum is not checked).
    public init(parsing text: some StringProtocol) throws(AddressParseError) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 42, utf8[0] == UInt8(ascii: "0"),
              utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X") else {
            throw AddressParseError(text: String(text))
        }
        // 40 hex digits = 160 bits: read straight into the word's limbs.
        var limbs = (UInt64(0), UInt64(0), UInt64(0))
        for i in 2..<42 {
            let c = utf8[i]
            let digit: UInt64
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(c - UInt8(ascii: "A") + 10)
            default: throw AddressParseError(text: String(text))
            }
            let fromEnd = 41 - i   // nibble index from the least significant
            let shifted = digit << UInt64(4 * (fromEnd & 15))
            switch fromEnd >> 4 {
            case 0: limbs.0 |= shifted
            case 1: limbs.1 |= shifted
            default: limbs.2 |= shifted
            }
        }
        word = UInt256(w0: limbs.0, w1: limbs.1, w2: limbs.2, w3: 0)
    }

    public static func < (a: Address, b: Address) -> Bool { a.word < b.word }

    /// The 160 bits folded into one 64-bit word (equal addresses fold equal):
    /// one round of the hasher instead of four for the whole word. Accounts
    /// are keyed by address, so every balance or position read hashes one.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(word.w0 ^ word.w1 ^ word.w2)
    }

    /// The 20 bytes, most significant first.
    public var bytes: [UInt8] { Array(word.bigEndianBytes.suffix(20)) }
}

extension Address: CustomStringConvertible {
    /// "0x" and 40 lowercase hex digits.
    public var description: String {
        "0x" + word.paddedHexString.dropFirst(2 + 24)
    }
}

/// A string that is not "0x" followed by 40 hex digits.
public struct AddressParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public let text: String
    public var description: String {
        "invalid address \(String(reflecting: text.count > 60 ? String(text.prefix(60)) + "…" : text)), expected 0x followed by 40 hex digits"
    }
}

extension Address: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let text = try? container.decode(String.self) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an address as a 0x-hex string of 40 digits")
        }
        do {
            self = try Address(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
