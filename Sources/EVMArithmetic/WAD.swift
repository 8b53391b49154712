// Fixed-point helpers at WAD = 10^18, all full precision (mulDiv), so they
// fail only when the result does not fit, never on an intermediate. Note:
// Solady's mulWad reverts when x * y alone overflows; these do not.

extension UInt256 {
    /// 10^18: one in WAD fixed point.
    public static let wad = UInt256(1_000_000_000_000_000_000)

    /// Returns `floor(x * y / WAD)`.
    /// Fails `.arithmetic` if the result exceeds 2^256 - 1.
    public static func mulWad(_ x: UInt256, _ y: UInt256) throws(ArithmeticFailure) -> UInt256 {
        try mulDiv(x, y, wad)
    }

    /// Returns `ceil(x * y / WAD)`.
    /// Fails `.arithmetic` if the result exceeds 2^256 - 1.
    public static func mulWadUp(_ x: UInt256, _ y: UInt256) throws(ArithmeticFailure) -> UInt256 {
        try mulDivUp(x, y, wad)
    }

    /// Returns `floor(x * WAD / y)`.
    /// Fails `.divisionByZero` if y is zero, `.arithmetic` if the result exceeds 2^256 - 1.
    public static func divWad(_ x: UInt256, _ y: UInt256) throws(ArithmeticFailure) -> UInt256 {
        try mulDiv(x, wad, y)
    }

    /// Returns `ceil(x * WAD / y)`.
    /// Fails `.divisionByZero` if y is zero, `.arithmetic` if the result exceeds 2^256 - 1.
    public static func divWadUp(_ x: UInt256, _ y: UInt256) throws(ArithmeticFailure) -> UInt256 {
        try mulDivUp(x, wad, y)
    }
}
