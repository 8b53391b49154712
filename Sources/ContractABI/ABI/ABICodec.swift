import EVMArithmetic

/// Encoding and decoding of static ABI tuples: calldata after the selector,
/// return data, event data and custom-error arguments.
public enum ABICodec {
    /// The head-only encoding of static values: one 32-byte word each.
    public static func encode(_ values: [ABIValue]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 32)
        for value in values { value.word.appendBigEndianBytes(to: &bytes) }
        return bytes
    }

    /// Decodes exactly `types.count` words; the data must have exactly that
    /// length (extra bytes are as suspicious in a trace as missing ones).
    /// Inlinable: calldata's slice is then copied and read with no generic call.
    @inlinable
    public static func decode(_ types: [ABIType], from data: some Collection<UInt8>) throws(ABIDecodingError) -> [ABIValue] {
        let bytes = Array(data)
        guard bytes.count == types.count * 32 else {
            throw .wrongLength(expected: types.count * 32, found: bytes.count)
        }
        var values: [ABIValue] = []
        values.reserveCapacity(types.count)
        for (index, type) in types.enumerated() {
            // Exactly 32 bytes, so the initializer cannot fail.
            let word = UInt256(bigEndianBytes: bytes[index * 32 ..< index * 32 + 32]) ?? .zero
            guard let value = type.decode(word) else {
                throw .invalidWord(index: index, type: type, word: word)
            }
            values.append(value)
        }
        return values
    }

    /// Decodes the revert data of Solidity's `Error(string)` (selector
    /// 0x08c379a0), as `assert c, "msg"` in Vyper produces; nil if the data
    /// is not a well-formed Error(string).
    public static func decodeErrorString(_ data: [UInt8]) -> String? {
        guard data.count >= 4 + 64, Array(data.prefix(4)) == [0x08, 0xc3, 0x79, 0xa0] else { return nil }
        let body = Array(data.dropFirst(4))
        guard let offset = UInt256(bigEndianBytes: body[0..<32])?.uint64Value, offset == 32,
              let length = UInt256(bigEndianBytes: body[32..<64])?.uint64Value,
              length <= UInt64(body.count - 64) else { return nil }
        return String(decoding: body[64 ..< 64 + Int(length)], as: UTF8.self)
    }
}

/// Why bytes are not a valid encoding of the expected ABI types.
public enum ABIDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    case wrongLength(expected: Int, found: Int)
    case invalidWord(index: Int, type: ABIType, word: UInt256)

    public var description: String {
        switch self {
        case let .wrongLength(expected, found):
            return "expected \(expected) bytes of ABI data, found \(found)"
        case let .invalidWord(index, type, word):
            return "word \(index) is not a valid \(type.rawValue): \(word.paddedHexString)"
        }
    }
}
