import EVMArithmetic
import MarginEngine

/// The few roundings the invariants restate, computed independently of the
/// model's helpers: with a 512-bit intermediate (`UInt256.mulDiv`), so they
/// never fail where the model's checked products would. nil means the
/// result does not fit, which the invariants treat as out of bounds.
enum Reference {
    static let wad = UInt256.wad

    /// Returns `floor(a * b / d)`, nil if d == 0 or the result exceeds 2^256 - 1.
    static func mulDown(_ a: UInt256, _ b: UInt256, _ d: UInt256) -> UInt256? {
        try? UInt256.mulDiv(a, b, d)
    }

    /// Returns `ceil(a * b / d)`, nil if d == 0 or the result exceeds 2^256 - 1.
    static func mulUp(_ a: UInt256, _ b: UInt256, _ d: UInt256) -> UInt256? {
        try? UInt256.mulDivUp(a, b, d)
    }

    /// Returns whether `a * b / WAD` is not an integer: the 0/1 wei of dust
    /// a fill pair at `price` leaves to the fund (operations/common.md).
    static func dust(_ size: UInt256, _ price: UInt256) -> UInt256 {
        guard let (_, remainder) = try? UInt256.mulDivWithRemainder(size, price, wad) else { return .zero }
        return remainder.isZero ? .zero : .one
    }

    /// Returns `floor(size * price / WAD)` (toward minus infinity): the mark value.
    static func valueAt(_ size: Int256, _ price: UInt256) -> Int256? {
        guard let (q, r) = try? UInt256.mulDivWithRemainder(size.magnitude, price, wad) else { return nil }
        if !size.isNegative { return Int256(negative: false, magnitude: q) }
        let magnitude = r.isZero ? q : q &+ .one
        return Int256(negative: true, magnitude: magnitude)
    }

    /// Returns `ceil(delta * price / WAD)` (toward plus infinity): what a fill costs.
    static func costAt(_ delta: Int256, _ price: UInt256) -> Int256? {
        guard let (q, r) = try? UInt256.mulDivWithRemainder(delta.magnitude, price, wad) else { return nil }
        if delta.isNegative { return Int256(negative: true, magnitude: q) }
        return Int256(negative: false, magnitude: r.isZero ? q : q &+ .one)
    }

    /// The change of an account's equity from one fill of `delta` at `q`,
    /// marked at `p` (invariants.md `position-change-equity`):
    /// `-costAt(delta, q) + valueAt(new, p) - valueAt(old, p)`.
    static func fillEquityChange(old: Int256, delta: Int256, fillPrice q: UInt256, markPrice p: UInt256) -> Int256? {
        guard let new = plus(old, delta), let cost = costAt(delta, q),
              let valueNew = valueAt(new, p), let valueOld = valueAt(old, p) else { return nil }
        return minus(valueNew, valueOld).flatMap { minus($0, cost) }
    }

    /// operations/common.md `isRiskIncreasing`.
    static func isRiskIncreasing(_ old: Int256, _ new: Int256) -> Bool {
        if new.isZero { return false }
        if old.isZero { return true }
        if old.isNegative != new.isNegative { return true }
        return new.magnitude > old.magnitude
    }

    static func plus(_ a: Int256, _ b: Int256) -> Int256? { try? a.checkedAdd(b) }
    static func minus(_ a: Int256, _ b: Int256) -> Int256? { try? a.checkedSub(b) }

    static func int(_ x: UInt256) -> Int256? { Int256(negative: false, magnitude: x) }

    /// The size of a position after `amount` units move it toward zero.
    static func towardZero(_ size: Int256, by amount: UInt256) -> Int256? {
        guard let k = int(amount) else { return nil }
        return size.isNegative ? plus(size, k) : minus(size, k)
    }
}
