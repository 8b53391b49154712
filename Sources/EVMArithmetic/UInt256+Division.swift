// Division: a native fast path when both operands fit 64 bits, GMP's
// mpn_tdiv_qr otherwise (faster than schoolbook Swift for 256/256).

extension UInt256 {
    /// Returns `(self / d, self mod d)`, truncating, or nil when d is zero.
    public func quotientAndRemainder(dividingBy d: UInt256) -> (quotient: UInt256, remainder: UInt256)? {
        if d.isZero { return nil }
        if self < d { return (.zero, self) }
        if let n64 = uint64Value, let d64 = d.uint64Value {
            return (UInt256(n64 / d64), UInt256(n64 % d64))
        }
        let (q, r) = GMP.divide(UInt512(high: .zero, low: self), by: d)
        return (q.low, r)
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
        return GMP.divide(self, by: d)
    }
}
