// The operand tables every benchmark cycles through: deterministic,
// full-width, and built at run time so the optimizer cannot fold them.
// python_int.py builds the same tables with the same generator, so the
// three implementations see identical numbers.

import EVMArithmetic

/// Operand pairs (or triples) per table: one pass is one benchmark iteration.
let operandCount = 1024

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, well-mixed generator that is
/// trivial to reproduce bit for bit in Python.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Four fresh limbs, least significant first.
    mutating func word() -> UInt256 {
        let w0 = next(), w1 = next(), w2 = next(), w3 = next()
        return UInt256(w0: w0, w1: w1, w2: w2, w3: w3)
    }

    /// A value of exactly `bits` significant bits (1...256).
    mutating func word(bits: Int) -> UInt256 {
        word().shiftedRight(by: 256 - bits) | UInt256.one.shiftedLeft(by: bits - 1)
    }

    /// A value in 0 ..< bound (bound != 0), uniform enough for benchmarking:
    /// the top limb is reduced below bound's top limb.
    mutating func word(below bound: UInt256) -> UInt256 {
        var x = word()
        let limbs = bound.significantLimbCount
        // Clear the limbs above bound's top limb, then keep the top limb
        // strictly below bound's, which makes x < bound.
        if limbs < 4 { x.w3 = 0 }
        if limbs < 3 { x.w2 = 0 }
        if limbs < 2 { x.w1 = 0 }
        switch limbs {
        case 4: x.w3 %= bound.w3
        case 3: x.w2 %= bound.w2
        case 2: x.w1 %= bound.w1
        default: x.w0 %= bound.w0
        }
        return x
    }
}

/// Two operands: add, mul and div.
struct OperandPair: Sendable {
    var x: UInt256
    var y: UInt256
}

/// Three operands: mulDiv's `x * y / d`.
struct OperandTriple: Sendable {
    var x: UInt256
    var y: UInt256
    var d: UInt256
}

/// The tables, one per operation; the seeds are fixed so every run (and
/// python_int.py) uses the same numbers.
enum Operands {
    /// add and mul: two uniform 256-bit words.
    static let addMul: [OperandPair] = {
        var rng = SplitMix64(state: 1)
        return (0..<operandCount).map { _ in OperandPair(x: rng.word(), y: rng.word()) }
    }()

    /// div: a 256-bit dividend (top bit set) by a divisor of 130 to 256
    /// bits, so every case takes the full-width path.
    static let div: [OperandPair] = {
        var rng = SplitMix64(state: 2)
        return (0..<operandCount).map { i in
            let n = rng.word(bits: 256)
            let d = rng.word(bits: 130 + i % 127)
            return OperandPair(x: n, y: d)
        }
    }()

    /// mulDiv: x of 256 bits, d of 130 to 256 bits and y < d, so the
    /// product needs 385 to 512 bits (its high half is never zero: the GMP
    /// path) and the quotient still fits 256 bits (no revert).
    static let mulDiv: [OperandTriple] = {
        var rng = SplitMix64(state: 3)
        return (0..<operandCount).map { i in
            let x = rng.word(bits: 256)
            let d = rng.word(bits: 130 + i % 127)
            // y >= 2^129 keeps x * y >= 2^384, above the 256-bit fast path.
            var y = rng.word(below: d)
            y = y | UInt256.one.shiftedLeft(by: 129)
            if !(y < d) { y = d &- .one }
            return OperandTriple(x: x, y: y, d: d)
        }
    }()

    /// isqrt: 256-bit values (top bit set).
    static let isqrt: [UInt256] = {
        var rng = SplitMix64(state: 4)
        return (0..<operandCount).map { _ in rng.word(bits: 256) }
    }()
}
