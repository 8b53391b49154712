// Keccak-f[1600]: the permutation under Keccak-256 (FIPS 202, section 3).

/// The 1600-bit Keccak state: 25 lanes of 64 bits, lane (x, y) at index
/// `x + 5 * y`, each lane's bytes little-endian (FIPS 202, 3.1.2).
///
/// The lanes are an inline tuple, so absorbing a block and running the 24
/// rounds never touch the heap.
struct KeccakState {
    typealias Lanes = (
        UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64
    )
    private typealias Column = (UInt64, UInt64, UInt64, UInt64, UInt64)

    static let laneCount = 25
    static let roundCount = 24

    private static let zeroLanes: Lanes = (
        0, 0, 0, 0, 0,
        0, 0, 0, 0, 0,
        0, 0, 0, 0, 0,
        0, 0, 0, 0, 0,
        0, 0, 0, 0, 0
    )

    private var lanes: Lanes = KeccakState.zeroLanes

    /// The ι step's round constants RC[i], one per round (FIPS 202, 3.2.5).
    static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    /// The ρ step's rotation offsets, indexed `x + 5 * y` (FIPS 202, 3.2.2).
    static let rotationOffsets: [Int] = [
         0,  1, 62, 28, 27,
        36, 44,  6, 55, 20,
         3, 10, 43, 25, 39,
        41, 45, 15, 21,  8,
        18,  2, 61, 56, 14,
    ]

    /// The lane at `index` (`x + 5 * y`).
    func lane(_ index: Int) -> UInt64 {
        precondition(0 <= index && index < KeccakState.laneCount, "lane index out of range")
        var copy = lanes
        return withLanePointer(&copy, count: KeccakState.laneCount) { $0[index] }
    }

    /// XORs `value` into the lane at `index` (`x + 5 * y`).
    mutating func xor(_ value: UInt64, intoLane index: Int) {
        precondition(0 <= index && index < KeccakState.laneCount, "lane index out of range")
        withLanePointer(&lanes, count: KeccakState.laneCount) { $0[index] ^= value }
    }

    /// Keccak-f[1600]: 24 rounds of θ, ρ, π, χ, ι, in place.
    mutating func permute() {
        var rotated = KeccakState.zeroLanes
        var columnParity: Column = (0, 0, 0, 0, 0)
        withLanePointer(&lanes, count: KeccakState.laneCount) { a in
            withLanePointer(&rotated, count: KeccakState.laneCount) { b in
                withLanePointer(&columnParity, count: 5) { c in
                    for round in 0..<KeccakState.roundCount {
                        // θ: XOR each lane with the parities of two neighbouring columns.
                        for x in 0..<5 {
                            c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20]
                        }
                        for x in 0..<5 {
                            let d = c[(x + 4) % 5] ^ rotatedLeft(c[(x + 1) % 5], by: 1)
                            for y in 0..<5 {
                                a[x + 5 * y] ^= d
                            }
                        }
                        // ρ and π: rotate each lane, then move (x, y) to (y, 2x + 3y).
                        for y in 0..<5 {
                            for x in 0..<5 {
                                let index = x + 5 * y
                                b[y + 5 * ((2 * x + 3 * y) % 5)] =
                                    rotatedLeft(a[index], by: KeccakState.rotationOffsets[index])
                            }
                        }
                        // χ: the only non-linear step, row by row.
                        for y in 0..<5 {
                            for x in 0..<5 {
                                a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y])
                            }
                        }
                        // ι: break the symmetry between rounds.
                        a[0] ^= KeccakState.roundConstants[round]
                    }
                }
            }
        }
    }
}

/// `value` rotated left by `offset` bits, `0 <= offset < 64`.
@inline(__always)
private func rotatedLeft(_ value: UInt64, by offset: Int) -> UInt64 {
    (value << offset) | (value >> (64 - offset))
}

/// Views a homogeneous tuple of `count` UInt64 values as a pointer to its
/// first element, which Swift guarantees is laid out like a C array.
@inline(__always)
private func withLanePointer<Tuple, Result>(
    _ tuple: inout Tuple,
    count: Int,
    _ body: (UnsafeMutablePointer<UInt64>) -> Result
) -> Result {
    precondition(MemoryLayout<Tuple>.size == count * MemoryLayout<UInt64>.stride, "not a tuple of \(count) UInt64")
    return withUnsafeMutablePointer(to: &tuple) {
        $0.withMemoryRebound(to: UInt64.self, capacity: count, body)
    }
}
