// Division: a native fast path when both operands fit 64 bits; plain Swift
// long division when the quotient fits one word (faster than GMP for
// 256/256, see LongDivision.swift); GMP's mpn_tdiv_qr for longer quotients.

extension UInt256 {
    /// Returns `(self / d, self mod d)`, truncating, or nil when d is zero.
    public func quotientAndRemainder(dividingBy d: UInt256) -> (quotient: UInt256, remainder: UInt256)? {
        if d.isZero { return nil }
        if self < d { return (.zero, self) }
        if let n64 = uint64Value, let d64 = d.uint64Value {
            return (UInt256(n64 / d64), UInt256(n64 % d64))
        }
        // n.high = 0 < d: the quotient fits one word.
        return LongDivision.divide(UInt512(high: .zero, low: self), by: d)
    }
}

extension UInt512 {
    /// Returns `(self / d, self mod d)`, truncating, or nil when d is zero.
    /// The quotient is exact: up to 512 bits.
    public func quotientAndRemainder(dividingBy d: UInt256) -> (quotient: UInt512, remainder: UInt256)? {
        if d.isZero { return nil }
        if high.isZero {
            guard let (q, r) = low.quotientAndRemainder(dividingBy: d) else { return nil }
            return (UInt512(high: .zero, low: q), r)
        }
        if high < d {
            // The quotient fits one word: at most four limb steps.
            let (q, r) = LongDivision.divide(self, by: d)
            return (UInt512(high: .zero, low: q), r)
        }
        return GMP.divide(self, by: d)
    }
}
