// A small seeded generator whose sequence is fixed by this file alone: the
// standard library's `random(in:)` algorithms are not promised stable across
// Swift versions, so every draw here goes through `next()`.
import EVMArithmetic

/// SplitMix64 (Steele, Lea, Flood 2014): the same seed gives the same
/// numbers on every machine and Swift version.
struct TestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (n > 0), by rejection: no modulo bias.
    mutating func below(_ n: UInt64) -> UInt64 {
        precondition(n > 0)
        let limit = UInt64.max - UInt64.max % n
        while true {
            let x = next()
            if x < limit { return x % n }
        }
    }

    /// Uniform in the closed range.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(below(UInt64(range.upperBound - range.lowerBound) + 1))
    }

    /// True with probability percent / 100.
    mutating func chance(_ percent: Int) -> Bool { below(100) < UInt64(percent) }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(below(UInt64(items.count)))] }

    /// Uniform in [lo, hi] for 256-bit bounds.
    mutating func word(_ lo: UInt256, _ hi: UInt256) -> UInt256 {
        precondition(lo <= hi)
        let span = hi &- lo
        if span == .max { return randomWord() }
        let n = span &+ .one
        // Rejection on the smallest power of two >= n.
        let bits = n.bitWidth
        while true {
            var x = randomWord()
            if bits < 256 { x = x & ((UInt256.one.shiftedLeft(by: bits)) &- .one) }
            if x < n { return lo &+ x }
        }
    }

    /// A value spread over magnitudes: uniform in [lo, hi] after a random
    /// number of decimal digits, so small and large values both appear.
    mutating func spread(_ lo: UInt256, _ hi: UInt256) -> UInt256 {
        precondition(lo <= hi)
        let digits = hi.description.count
        let ceiling = min(hi, pow10(int(1...digits)) &- .one)
        if ceiling < lo { return word(lo, hi) }
        return word(lo, ceiling)
    }

    private mutating func randomWord() -> UInt256 {
        UInt256(w0: next(), w1: next(), w2: next(), w3: next())
    }
}
