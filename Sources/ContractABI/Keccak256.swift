// Keccak-256: the hash behind Solidity and Vyper selectors, event topics and
// storage slots.

/// Keccak-256 as the EVM computes it (the `KECCAK256` opcode, `keccak256` in
/// Solidity, `keccak256` in Vyper).
///
/// The sponge runs Keccak-f[1600] with rate 136 bytes (1088 bits), capacity
/// 512 bits and a 32-byte output. The message is padded with pad10*1 whose
/// first byte is `0x01`, the original Keccak submission's padding.
///
/// This is not SHA3-256. FIPS 202 appends the domain bits `01` before
/// pad10*1, which makes the first padding byte `0x06`; Ethereum fixed on
/// Keccak before that change. The two differ on every input, e.g. the empty
/// input hashes to `c5d2…a470` here and to `a7ff…434a` under SHA3-256.
/// Do not "fix" the padding byte.
public enum Keccak256 {
    /// Bytes absorbed per permutation: 1600 bits minus a 512-bit capacity.
    static let rate = 136
    /// Bytes in a digest.
    static let digestByteCount = 32
    /// First padding byte of the original Keccak (Ethereum).
    static let keccakPadding: UInt8 = 0x01
    /// First padding byte of FIPS 202 SHA3-256 (domain bits `01` then pad10*1).
    static let sha3Padding: UInt8 = 0x06

    /// Returns the 32-byte Keccak-256 digest of `bytes`.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        hash(bytes, paddingByte: keccakPadding)
    }

    /// Returns the 32-byte Keccak-256 digest of the UTF-8 encoding of `string`.
    public static func hash(_ string: String) -> [UInt8] {
        hash(string.utf8)
    }

    /// Returns the 4-byte selector of a function or error: the first four
    /// bytes of the digest of its canonical signature, e.g. `transfer(address,uint256)`.
    /// The signature is hashed as given: no spaces, no parameter names, canonical type names.
    public static func selector(_ signature: String) -> [UInt8] {
        Array(hash(signature).prefix(4))
    }

    /// The sponge with a chosen first padding byte; `sha3Padding` gives SHA3-256.
    static func hash<Bytes: Sequence>(_ bytes: Bytes, paddingByte: UInt8) -> [UInt8] where Bytes.Element == UInt8 {
        var sponge = KeccakSponge(rate: rate)
        for byte in bytes {
            sponge.absorb(byte)
        }
        return sponge.squeeze(paddingByte: paddingByte, byteCount: digestByteCount)
    }
}

/// A Keccak sponge that absorbs one byte at a time, straight into the state.
private struct KeccakSponge {
    private let rate: Int
    private var state = KeccakState()
    /// Bytes of the current block not yet XORed into the state, little-endian.
    private var pendingLane: UInt64 = 0
    /// Bytes of the current block absorbed so far, `0 ..< rate`.
    private var blockOffset = 0

    init(rate: Int) {
        precondition(rate > 0 && rate % 8 == 0 && rate < KeccakState.laneCount * 8, "rate must be whole lanes inside the state")
        self.rate = rate
    }

    mutating func absorb(_ byte: UInt8) {
        pendingLane |= UInt64(byte) << (8 * (blockOffset % 8))
        blockOffset += 1
        if blockOffset % 8 == 0 {
            state.xor(pendingLane, intoLane: blockOffset / 8 - 1)
            pendingLane = 0
        }
        if blockOffset == rate {
            state.permute()
            blockOffset = 0
        }
    }

    /// Pads the last block (pad10*1 after `paddingByte`), permutes, and reads
    /// `byteCount <= rate` bytes of output.
    mutating func squeeze(paddingByte: UInt8, byteCount: Int) -> [UInt8] {
        precondition(byteCount <= rate, "one squeeze yields at most one block")
        // The padding byte and the final 0x80 share a byte when one byte of the block is left.
        pendingLane |= UInt64(paddingByte) << (8 * (blockOffset % 8))
        state.xor(pendingLane, intoLane: blockOffset / 8)
        state.xor(0x80 << 56, intoLane: rate / 8 - 1)
        state.permute()

        var output = [UInt8]()
        output.reserveCapacity(byteCount)
        for index in 0..<byteCount {
            output.append(UInt8(truncatingIfNeeded: state.lane(index / 8) >> (8 * (index % 8))))
        }
        return output
    }
}
