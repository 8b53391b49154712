// Checked uint256 arithmetic as Solidity 0.8 and Vyper do it: the same
// operations revert at the same inputs. Each throws the failure class
// instead of trapping, so an overflow in the model is a modelled revert.

extension UInt256 {
    /// Returns `self + other`.
    /// Fails `.arithmetic` if the sum exceeds 2^256 - 1.
    @inlinable
    public func checkedAdd(_ other: UInt256) throws(ArithmeticFailure) -> UInt256 {
        let (sum, overflow) = addingReportingOverflow(other)
        if overflow { throw .arithmetic }
        return sum
    }

    /// Returns `self - other`.
    /// Fails `.arithmetic` if other > self.
    @inlinable
    public func checkedSub(_ other: UInt256) throws(ArithmeticFailure) -> UInt256 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        if overflow { throw .arithmetic }
        return difference
    }

    /// Returns `self * other`.
    /// Fails `.arithmetic` if the product exceeds 2^256 - 1.
    @inlinable
    public func checkedMul(_ other: UInt256) throws(ArithmeticFailure) -> UInt256 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        if overflow { throw .arithmetic }
        return product
    }

    /// Returns `floor(self / other)`.
    /// Fails `.divisionByZero` if other is zero.
    public func checkedDiv(_ other: UInt256) throws(ArithmeticFailure) -> UInt256 {
        guard let (quotient, _) = quotientAndRemainder(dividingBy: other) else { throw .divisionByZero }
        return quotient
    }

    /// Returns `self mod other`.
    /// Fails `.divisionByZero` if other is zero.
    public func checkedMod(_ other: UInt256) throws(ArithmeticFailure) -> UInt256 {
        guard let (_, remainder) = quotientAndRemainder(dividingBy: other) else { throw .divisionByZero }
        return remainder
    }
}
