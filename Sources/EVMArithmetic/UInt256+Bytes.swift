// 32-byte big-endian words: the EVM's memory, storage and ABI encoding.

extension UInt256 {
    /// The word as 32 bytes, most significant first.
    public var bigEndianBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        appendBigEndianBytes(to: &bytes)
        return bytes
    }

    /// Appends the word's 32 bytes, most significant first: ABI encoding
    /// writes its words this way, with no array per word.
    public func appendBigEndianBytes(to bytes: inout [UInt8]) {
        withUnsafeBytes(of: (w3.bigEndian, w2.bigEndian, w1.bigEndian, w0.bigEndian)) { bytes.append(contentsOf: $0) }
    }

    /// The 32 bytes at `word`, most significant first: an ABI word read in
    /// place, four loads instead of 32.
    @inlinable
    public init(bigEndianWord word: UnsafeRawPointer) {
        self.init(w0: UInt64(bigEndian: word.loadUnaligned(fromByteOffset: 24, as: UInt64.self)),
                  w1: UInt64(bigEndian: word.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                  w2: UInt64(bigEndian: word.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                  w3: UInt64(bigEndian: word.loadUnaligned(fromByteOffset: 0, as: UInt64.self)))
    }

    /// Reads up to 32 bytes, most significant first (shorter input is
    /// left-padded with zeros, as the EVM does); nil when longer than 32.
    /// Inlinable: a caller's array slice (an ABI word) is then read with no
    /// generic call.
    @inlinable
    public init?<Bytes: Collection>(bigEndianBytes bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count <= 32 else { return nil }
        // Contiguous input (arrays and their slices: every ABI word) is read
        // through a buffer pointer; anything else byte by byte.
        if let value = bytes.withContiguousStorageIfAvailable({ UInt256.read(bigEndian: $0) }) {
            self = value
        } else {
            self = Array(bytes).withUnsafeBufferPointer { UInt256.read(bigEndian: $0) }
        }
    }

    /// Up to 32 big-endian bytes as a word.
    @inlinable @inline(__always)
    static func read(bigEndian buffer: UnsafeBufferPointer<UInt8>) -> UInt256 {
        if buffer.count == 32 { return UInt256(bigEndianWord: UnsafeRawPointer(buffer.baseAddress!)) }   // a whole ABI word
        var limbs = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var fromEnd = buffer.count - 1
        for byte in buffer {
            let shifted = UInt64(byte) << UInt64(8 * (fromEnd & 7))
            switch fromEnd >> 3 {
            case 0: limbs.0 |= shifted
            case 1: limbs.1 |= shifted
            case 2: limbs.2 |= shifted
            default: limbs.3 |= shifted
            }
            fromEnd -= 1
        }
        return UInt256(w0: limbs.0, w1: limbs.1, w2: limbs.2, w3: limbs.3)
    }
}

extension Int256 {
    /// The two's-complement word as 32 bytes, most significant first.
    public var bigEndianBytes: [UInt8] { bitPattern.bigEndianBytes }
}
