// Fixed-point helpers at WAD = 10^18 with a 512-bit intermediate, named as
// Solady names its full-precision family (`fullMulDiv`): they fail only when
// the result does not fit, never on the product. Solady's `mulWad` reverts
// when x * y alone overflows; the contract's helpers (Spec/arithmetic.md)
// are checked 256-bit products like that, and live in MarginEngine.

extension UInt256 {
    /// 10^18: one in WAD fixed point.
    public static let wad = UInt256(1_000_000_000_000_000_000)

    /// Returns `floor(x * y / WAD)` with a 512-bit intermediate.
    /// Fails `.arithmetic` if the result exceeds 2^256 - 1.
    public static func fullMulWad(_ x: UInt256, _ y: UInt256) throws(ArithmeticFailure) -> UInt256 {
        try mulDiv(x, y, wad)
    }

    /// Returns `ceil(x * y / WAD)` with a 512-bit intermediate.
    /// Fails `.arithmetic` if the result exceeds 2^256 - 1.
    public static func fullMulWadUp(_ x: UInt256, _ y: UInt256) throws(ArithmeticFailure) -> UInt256 {
        try mulDivUp(x, y, wad)
    }

    /// Returns `floor(x * WAD / y)` with a 512-bit intermediate.
    /// Fails `.divisionByZero` if y is zero, `.arithmetic` if the result exceeds 2^256 - 1.
    public static func fullDivWad(_ x: UInt256, _ y: UInt256) throws(ArithmeticFailure) -> UInt256 {
        try mulDiv(x, wad, y)
    }

    /// Returns `ceil(x * WAD / y)` with a 512-bit intermediate.
    /// Fails `.divisionByZero` if y is zero, `.arithmetic` if the result exceeds 2^256 - 1.
    public static func fullDivWadUp(_ x: UInt256, _ y: UInt256) throws(ArithmeticFailure) -> UInt256 {
        try mulDivUp(x, wad, y)
    }
}
