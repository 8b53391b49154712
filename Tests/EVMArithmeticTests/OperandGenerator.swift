// Random operands biased toward the words where 256-bit arithmetic breaks:
// limb and sign boundaries, powers of two and ten, small values, values
// near all of these, random bit widths, and plain uniform words. Operands of
// one law are sometimes related (equal, adjacent, negated), because carries,
// borrows and comparisons break on near-equal inputs.
import ExactArithmetic
import EVMArithmetic
import PropertyBased

/// The words one law is checked on (its arity), printed in decimal, with
/// the int256 reading alongside for words that are negative as int256.
struct Operands: Sendable, CustomStringConvertible {
    var words: [UInt256]

    subscript(index: Int) -> UInt256 {
        get { words[index] }
        set { words[index] = newValue }
    }

    var description: String {
        "(" + words.map(Operands.decimal).joined(separator: ", ") + ")"
    }

    /// The word in decimal through GMP, so a broken `description` in the
    /// model cannot garble the report of its own failure.
    static func decimal(_ word: UInt256) -> String {
        let unsigned = MPZ(word).text()
        return word.w3 >> 63 == 1 ? "\(unsigned) (int256 \(MPZ(signed: word).text()))" : unsigned
    }
}

enum OperandGenerator {
    /// Words where limbs, signs and decimal scales change, built by GMP.
    static let anchors: [UInt256] = {
        let powersOfTwo = [0, 1, 8, 31, 32, 63, 64, 65, 127, 128, 129, 160, 191, 192, 193, 254, 255]
        let special = ["0", "1000000000000000000", "1000000000000000000000000000000000000",
                       "115792089237316195423570985008687907853269984665640564039457584007913129639935"]
        return powersOfTwo.map { MPZ.twoTo($0).word } + special.map { MPZ($0)!.word }
    }()

    /// 2^0 ... 2^255.
    static let powersOfTwo: [UInt256] = (0..<256).map { MPZ.twoTo($0).word }

    /// 10^0 ... 10^77, every power of ten below 2^256.
    static let powersOfTen: [UInt256] = (0...77).map { MPZ.power(10, UInt($0)).word }

    /// One edge-biased word.
    static func word(_ rng: inout Xoshiro) -> UInt256 {
        switch rng.next() % 100 {
        case 0..<25:
            return nudged(anchors[Int(rng.next() % UInt64(anchors.count))], &rng)
        case 25..<40:
            // Small values and their negations as int256.
            let small = UInt256(rng.next() % 1025)
            return rng.next() % 4 == 0 ? UInt256.zero &- small : small
        case 40..<60:
            let value = masked(uniform(&rng), toBits: Int(rng.next() % 257))
            return rng.next() % 5 == 0 ? UInt256.zero &- value : value
        case 60..<70:
            let powers = rng.next() % 2 == 0 ? powersOfTwo : powersOfTen
            return nudged(powers[Int(rng.next() % UInt64(powers.count))], &rng)
        default:
            return uniform(&rng)
        }
    }

    /// `arity` words; a later word is sometimes derived from an earlier one.
    static func operands(_ arity: Int, _ rng: inout Xoshiro) -> Operands {
        var operands = Operands(words: [])
        for index in 0..<arity {
            if index > 0 && rng.next() % 8 == 0 {
                let earlier = operands[Int(rng.next() % UInt64(index))]
                operands.words.append(related(to: earlier, &rng))
            } else {
                operands.words.append(word(&rng))
            }
        }
        return operands
    }

    /// A word equal, adjacent, complementary or opposite to `word`.
    static func related(to word: UInt256, _ rng: inout Xoshiro) -> UInt256 {
        switch rng.next() % 5 {
        case 0: return word
        case 1: return word &+ UInt256(1 + rng.next() % 3)
        case 2: return word &- UInt256(1 + rng.next() % 3)
        case 3: return ~word
        default: return UInt256.zero &- word
        }
    }

    /// `word` unchanged most of the time, else moved up or down by a little.
    static func nudged(_ word: UInt256, _ rng: inout Xoshiro) -> UInt256 {
        let roll = rng.next() % 10
        if roll < 5 { return word }
        let distance = UInt256(roll < 8 ? 1 + rng.next() % 3 : 1 + rng.next() % 65536)
        return rng.next() % 2 == 0 ? word &+ distance : word &- distance
    }

    static func uniform(_ rng: inout Xoshiro) -> UInt256 {
        UInt256(w0: rng.next(), w1: rng.next(), w2: rng.next(), w3: rng.next())
    }

    /// A uniform integer below 2^bits (bits in 0...256).
    static func uniformBelow(twoTo bits: Int, _ rng: inout Xoshiro) -> UInt256 {
        masked(uniform(&rng), toBits: bits)
    }

    /// `word` with every bit at or above `bits` cleared.
    static func masked(_ word: UInt256, toBits bits: Int) -> UInt256 {
        func limbMask(_ index: Int) -> UInt64 {
            let kept = bits - 64 * index
            if kept <= 0 { return 0 }
            return kept >= 64 ? .max : (1 << UInt64(kept)) - 1
        }
        return UInt256(w0: word.w0 & limbMask(0), w1: word.w1 & limbMask(1),
                       w2: word.w2 & limbMask(2), w3: word.w3 & limbMask(3))
    }

    /// A shift amount or byte index: mostly in 0...limit + 4, sometimes any word.
    static func smallIndex(upTo limit: UInt64, _ rng: inout Xoshiro) -> UInt256 {
        rng.next() % 4 == 0 ? word(&rng) : UInt256(rng.next() % (limit + 5))
    }

    // MARK: Shrinking

    /// Words closer to zero than `word`, most shrunk first. "Closer" means a
    /// smaller int256 magnitude, or the same magnitude with a plus sign, so
    /// shrinking finds both small unsigned and small negative failures and
    /// never cycles.
    static func shrink(_ word: UInt256) -> [UInt256] {
        if word.isZero { return [] }
        let negative = word.w3 >> 63 == 1
        let magnitude = negative ? UInt256.zero &- word : word
        var smaller: [UInt256] = [.zero]
        for shift in [255, 192, 128, 64, 32, 16, 8, 4, 2, 1] {
            smaller.append(magnitude.shiftedRight(by: shift))
        }
        smaller.append(masked(magnitude, toBits: magnitude.bitWidth - 1))
        // Smaller steps down, so a failure that needs its high bits still shrinks.
        for bit in stride(from: magnitude.bitWidth - 2, through: 0, by: -16) {
            smaller.append(magnitude &- powersOfTwo[bit])
        }
        smaller.append(magnitude &- .one)
        var candidates: [UInt256] = []
        var seen = Set<UInt256>()
        for value in smaller where value < magnitude && seen.insert(value).inserted {
            if !value.isZero && negative { candidates.append(UInt256.zero &- value) }
            candidates.append(value)
        }
        // The same magnitude with a plus sign (2^255 has none).
        if negative && magnitude != word { candidates.append(magnitude) }
        return candidates
    }

    /// Operands with one word shrunk.
    static func shrink(_ operands: Operands) -> [Operands] {
        operands.words.indices.flatMap { index in
            shrink(operands[index]).map { candidate in
                var smaller = operands
                smaller[index] = candidate
                return smaller
            }
        }
    }
}

/// Reshapers that steer operands toward the inputs a law finds hard.
enum Shapes {
    /// (a, b): half the time b has at most a's bit width, so quotients are
    /// large and varied rather than mostly 0.
    static let divisorNearDividend: @Sendable (inout Operands, inout Xoshiro) -> Void = { o, rng in
        guard rng.next() % 2 == 0 else { return }
        let width = o[0].bitWidth
        o[1] = OperandGenerator.uniformBelow(twoTo: Int(rng.next() % UInt64(width + 1)), &rng)
    }

    /// (a, b) as int256: half the time |b| has at most |a|'s bit width, with
    /// either sign, so signed quotients are large and varied.
    static let signedDivisorNearDividend: @Sendable (inout Operands, inout Xoshiro) -> Void = { o, rng in
        guard rng.next() % 2 == 0 else { return }
        let width = Int256(bitPattern: o[0]).magnitude.bitWidth
        let magnitude = OperandGenerator.uniformBelow(twoTo: Int(rng.next() % UInt64(width + 1)), &rng)
        o[1] = rng.next() % 2 == 0 ? magnitude : UInt256.zero &- magnitude
    }

    /// (high, low, d): half the time high < d, the numerators mulDiv and
    /// MULMOD divide, with d of any width.
    static let wideNumerator: @Sendable (inout Operands, inout Xoshiro) -> Void = { o, rng in
        guard rng.next() % 2 == 0, !o[2].isZero else { return }
        o[0] = OperandGenerator.uniformBelow(twoTo: o[2].bitWidth, &rng)
        if o[0] >= o[2] { o[0] = o[0].shiftedRight(by: 1) }
    }

    /// (a, b, n): a third of the time a small modulus, a third of the time
    /// one within a little of 2^256, so reductions of sums and products past
    /// 2^256 happen often.
    static let modulus: @Sendable (inout Operands, inout Xoshiro) -> Void = { o, rng in
        switch rng.next() % 3 {
        case 0: o[2] = UInt256(rng.next() % 1000)
        case 1: o[2] = UInt256.max &- UInt256(rng.next() % 1000)
        default: break
        }
    }

    /// (base, exponent): a third of the time a small exponent, a third of
    /// the time a small base (or its negation), else as generated.
    static let power: @Sendable (inout Operands, inout Xoshiro) -> Void = { o, rng in
        switch rng.next() % 3 {
        case 0: o[1] = UInt256(rng.next() % 300)
        case 1:
            let base = UInt256(rng.next() % 20)
            o[0] = rng.next() % 2 == 0 ? base : UInt256.zero &- base
        default: break
        }
    }

    /// (index, x): the first operand mostly in 0...limit + 4 (a shift amount,
    /// byte index or byte count), sometimes any edge-biased word.
    static func index(upTo limit: UInt64) -> @Sendable (inout Operands, inout Xoshiro) -> Void {
        { o, rng in o[0] = OperandGenerator.smallIndex(upTo: limit, &rng) }
    }

    /// (x, y, d): a third of the time d within 2 of floor(x * y / 2^256),
    /// where the quotient stops fitting 256 bits; a third of the time d of a
    /// random width, so quotients of every size occur.
    static let mulDivBoundary: @Sendable (inout Operands, inout Xoshiro) -> Void = { o, rng in
        switch rng.next() % 3 {
        case 0:
            let threshold = (MPZ(o[0]) * MPZ(o[1])).flooredShiftedRight(256)
            o[2] = (threshold + MPZ(Int(rng.next() % 5) - 2)).word
        case 1: o[2] = OperandGenerator.uniformBelow(twoTo: Int(rng.next() % 257), &rng)
        default: break
        }
    }

    /// (x, y, d) as int256: a third of the time |d| within 2 of
    /// |x * y| / 2^255, where the quotient stops fitting int256, with either
    /// sign; a third of the time d of a random width and sign.
    static let signedMulDivBoundary: @Sendable (inout Operands, inout Xoshiro) -> Void = { o, rng in
        let magnitude: MPZ
        switch rng.next() % 3 {
        case 0:
            let product = MPZ(signed: o[0]) * MPZ(signed: o[1])
            magnitude = product.magnitude.flooredShiftedRight(255) + MPZ(Int(rng.next() % 5) - 2)
        case 1: magnitude = MPZ(OperandGenerator.uniformBelow(twoTo: Int(rng.next() % 256), &rng))
        default: return
        }
        o[2] = (rng.next() % 2 == 0 ? magnitude : -magnitude).word
    }

    /// (x, y): half the time y within 2 of the first y for which
    /// x * y / WAD no longer fits 256 bits.
    static let wadProductBoundary: @Sendable (inout Operands, inout Xoshiro) -> Void = { o, rng in
        guard rng.next() % 2 == 0, !o[0].isZero else { return }
        let firstOverflow = (MPZ.twoTo256 * MPZ.wad).ceilingDivision(by: MPZ(o[0]))
        let y = firstOverflow + MPZ(Int(rng.next() % 5) - 2)
        if y.fitsUInt256 { o[1] = y.word }
    }

    /// (x, y): half the time y within 2 of x * WAD / 2^256, below which
    /// x * WAD / y no longer fits 256 bits.
    static let wadQuotientBoundary: @Sendable (inout Operands, inout Xoshiro) -> Void = { o, rng in
        guard rng.next() % 2 == 0 else { return }
        let threshold = (MPZ(o[0]) * MPZ.wad).flooredShiftedRight(256)
        let y = threshold + MPZ(Int(rng.next() % 5) - 2)
        if y.fitsUInt256 { o[1] = y.word }
    }

    /// (x): half the time within 2 of a perfect square k^2, k of a random width.
    static let nearSquare: @Sendable (inout Operands, inout Xoshiro) -> Void = { o, rng in
        guard rng.next() % 2 == 0 else { return }
        let root = MPZ(OperandGenerator.uniformBelow(twoTo: Int(rng.next() % 129), &rng))
        o[0] = (root * root + MPZ(Int(rng.next() % 5) - 2)).word
    }

    /// (value, shift): shift in 0...300.
    static let shiftCount: @Sendable (inout Operands, inout Xoshiro) -> Void = { o, rng in
        o[1] = UInt256(rng.next() % 301)
    }
}
