// Full-precision multiply-then-divide: the product is kept at 512 bits, so
// mulDiv overflows only when the result itself does not fit.

extension UInt256 {
    /// Returns `floor(x * y / d)` with a 512-bit intermediate.
    /// Fails `.divisionByZero` if d is zero, `.arithmetic` if the result exceeds 2^256 - 1.
    public static func mulDiv(_ x: UInt256, _ y: UInt256, _ d: UInt256) throws(ArithmeticFailure) -> UInt256 {
        try mulDivWithRemainder(x, y, d).quotient
    }

    /// Returns `ceil(x * y / d)` with a 512-bit intermediate.
    /// Fails `.divisionByZero` if d is zero, `.arithmetic` if the result exceeds 2^256 - 1.
    public static func mulDivUp(_ x: UInt256, _ y: UInt256, _ d: UInt256) throws(ArithmeticFailure) -> UInt256 {
        let (quotient, remainder) = try mulDivWithRemainder(x, y, d)
        if remainder.isZero { return quotient }
        return try quotient.checkedAdd(.one)
    }

    /// Returns `(floor(x * y / d), x * y mod d)`.
    /// Fails `.divisionByZero` if d is zero, `.arithmetic` if the quotient exceeds 2^256 - 1.
    public static func mulDivWithRemainder(
        _ x: UInt256, _ y: UInt256, _ d: UInt256
    ) throws(ArithmeticFailure) -> (quotient: UInt256, remainder: UInt256) {
        if d.isZero { throw .divisionByZero }
        let product = x.multipliedFullWidth(by: y)
        // The quotient fits 256 bits iff the product's high half is below d.
        if product.high >= d { throw .arithmetic }
        if product.high.isZero {
            // d != 0 was checked above.
            return product.low.quotientAndRemainder(dividingBy: d) ?? (.zero, .zero)
        }
        // product.high < d: the quotient fits one word, the case plain Swift
        // long division handles faster than GMP (see LongDivision.swift).
        return LongDivision.divide(product, by: d)
    }
}

extension Int256 {
    /// Returns `x * y / d` truncated toward zero, with a 512-bit intermediate.
    /// Fails `.divisionByZero` if d is zero, `.arithmetic` if the result is outside int256.
    public static func mulDiv(_ x: Int256, _ y: Int256, _ d: Int256) throws(ArithmeticFailure) -> Int256 {
        let (quotient, _) = try UInt256.mulDivWithRemainder(x.magnitude, y.magnitude, d.magnitude)
        let negative = (x.isNegative != y.isNegative) != d.isNegative
        guard let result = Int256(negative: negative, magnitude: quotient) else { throw .arithmetic }
        return result
    }

    /// Returns `floor(x * y / d)` (toward minus infinity), with a 512-bit intermediate.
    /// Fails `.divisionByZero` if d is zero, `.arithmetic` if the result is outside int256.
    public static func mulDivFloor(_ x: Int256, _ y: Int256, _ d: Int256) throws(ArithmeticFailure) -> Int256 {
        var (quotient, remainder) = try UInt256.mulDivWithRemainder(x.magnitude, y.magnitude, d.magnitude)
        let negative = (x.isNegative != y.isNegative) != d.isNegative
        // A negative inexact quotient rounds away from zero to reach the floor.
        if negative && !remainder.isZero { quotient = try quotient.checkedAdd(.one) }
        guard let result = Int256(negative: negative, magnitude: quotient) else { throw .arithmetic }
        return result
    }
}
