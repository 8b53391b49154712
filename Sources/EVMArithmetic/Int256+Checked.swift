// Checked int256 arithmetic as Solidity 0.8 and Vyper do it.

extension Int256 {
    /// Returns `self + other`.
    /// Fails `.arithmetic` if the sum is outside [-2^255, 2^255 - 1].
    @inlinable
    public func checkedAdd(_ other: Int256) throws(ArithmeticFailure) -> Int256 {
        let sum = self &+ other
        // Overflow iff both operands share a sign the sum does not have.
        if isNegative == other.isNegative && sum.isNegative != isNegative { throw .arithmetic }
        return sum
    }

    /// Returns `self - other`.
    /// Fails `.arithmetic` if the difference is outside [-2^255, 2^255 - 1].
    @inlinable
    public func checkedSub(_ other: Int256) throws(ArithmeticFailure) -> Int256 {
        let difference = self &- other
        // Overflow iff the operands' signs differ and the result takes other's.
        if isNegative != other.isNegative && difference.isNegative != isNegative { throw .arithmetic }
        return difference
    }

    /// Returns `self * other`.
    /// Fails `.arithmetic` if the product is outside [-2^255, 2^255 - 1]
    /// (including `min * -1`).
    @inlinable
    public func checkedMul(_ other: Int256) throws(ArithmeticFailure) -> Int256 {
        let (magnitude, overflow) = self.magnitude.multipliedReportingOverflow(by: other.magnitude)
        if overflow { throw .arithmetic }
        guard let product = Int256(negative: isNegative != other.isNegative, magnitude: magnitude) else {
            throw .arithmetic
        }
        return product
    }

    /// Returns `self / other`, truncated toward zero.
    /// Fails `.divisionByZero` if other is zero, `.arithmetic` for `min / -1`.
    public func checkedDiv(_ other: Int256) throws(ArithmeticFailure) -> Int256 {
        guard let (quotient, _) = magnitude.quotientAndRemainder(dividingBy: other.magnitude) else {
            throw .divisionByZero
        }
        guard let result = Int256(negative: isNegative != other.isNegative, magnitude: quotient) else {
            throw .arithmetic
        }
        return result
    }

    /// Returns `self mod other` with the sign of self (`min % -1` is 0).
    /// Fails `.divisionByZero` if other is zero.
    public func checkedMod(_ other: Int256) throws(ArithmeticFailure) -> Int256 {
        guard let (_, remainder) = magnitude.quotientAndRemainder(dividingBy: other.magnitude) else {
            throw .divisionByZero
        }
        // |remainder| < |other| <= 2^255, so it always fits.
        return Int256(bitPattern: isNegative ? remainder.twosComplement : remainder)
    }
}
