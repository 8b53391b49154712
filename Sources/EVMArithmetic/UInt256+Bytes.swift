// 32-byte big-endian words: the EVM's memory, storage and ABI encoding.

extension UInt256 {
    /// The word as 32 bytes, most significant first.
    public var bigEndianBytes: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in 0..<4 {
            let l = limb(3 - i)
            for j in 0..<8 {
                bytes[i * 8 + j] = UInt8(truncatingIfNeeded: l >> UInt64(56 - 8 * j))
            }
        }
        return bytes
    }

    /// Reads up to 32 bytes, most significant first (shorter input is
    /// left-padded with zeros, as the EVM does); nil when longer than 32.
    public init?<Bytes: Collection>(bigEndianBytes bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count <= 32 else { return nil }
        var value = UInt256.zero
        for byte in bytes {
            value = value.shiftedLeft(by: 8) | UInt256(UInt64(byte))
        }
        self = value
    }
}

extension Int256 {
    /// The two's-complement word as 32 bytes, most significant first.
    public var bigEndianBytes: [UInt8] { bitPattern.bigEndianBytes }
}
