import EVMArithmetic

// The helpers of Spec/arithmetic.md. Every product is a checked 256-bit
// product (Vyper has no 512-bit intermediate), so these throw
// ArithmeticFailure exactly where the contract reverts with empty data.
// Never replace them with EVMArithmetic's full-precision mulDiv or fullMulWad.

/// Returns `floor(a * b / d)`.
/// Throws `.arithmetic` if `a * b >= 2^256`, `.divisionByZero` if d == 0.
@inline(__always)
func mulDown(_ a: UInt256, _ b: UInt256, _ d: UInt256) throws(ArithmeticFailure) -> UInt256 {
    let p = try a.checkedMul(b)
    return try p.checkedDiv(d)
}

/// Returns `ceil(a * b / d)`.
/// Throws `.arithmetic` if `a * b >= 2^256`, `.divisionByZero` if d == 0.
@inline(__always)
func mulUp(_ a: UInt256, _ b: UInt256, _ d: UInt256) throws(ArithmeticFailure) -> UInt256 {
    let p = try a.checkedMul(b)
    return try divUp(p, d)
}

/// Returns `ceil(a / d)`.
/// Throws `.divisionByZero` if d == 0.
@inline(__always)
func divUp(_ a: UInt256, _ d: UInt256) throws(ArithmeticFailure) -> UInt256 {
    guard let (q, r) = a.quotientAndRemainder(dividingBy: d) else { throw .divisionByZero }
    // q + 1 cannot overflow: q == 2^256 - 1 with a remainder needs d == 1.
    return r.isZero ? q : try q.checkedAdd(.one)
}

/// Returns `ceil(sqrt(x))`.
/// Never throws: isqrt(x) < 2^128.
@inline(__always)
func sqrtUp(_ x: UInt256) -> UInt256 {
    UInt256.sqrtUp(x)
}

/// Returns |x| as uint256, exact.
/// Throws `.arithmetic` if x == -2^255 (Vyper's `convert(-x, uint256)` after a checked negation).
@inline(__always)
func abs(_ x: Int256) throws(ArithmeticFailure) -> UInt256 {
    if !x.isNegative { return x.bitPattern }
    return try toUint(negate(x))
}

/// Returns -x, exact.
/// Throws `.arithmetic` if x == -2^255.
@inline(__always)
func negate(_ x: Int256) throws(ArithmeticFailure) -> Int256 {
    try Int256.zero.checkedSub(x)
}

/// Returns x as int256, exact.
/// Throws `.arithmetic` if x > 2^255 - 1.
@inline(__always)
func toInt(_ x: UInt256) throws(ArithmeticFailure) -> Int256 {
    guard let value = Int256(negative: false, magnitude: x) else { throw .arithmetic }
    return value
}

/// Returns x as uint256, exact.
/// Throws `.arithmetic` if x < 0.
@inline(__always)
func toUint(_ x: Int256) throws(ArithmeticFailure) -> UInt256 {
    if x.isNegative { throw .arithmetic }
    return x.bitPattern
}

/// Returns `floor(size * price / WAD)` (toward -infinity): the mark value.
/// Throws `.arithmetic` if `|size| * price >= 2^256`.
func valueAt(_ size: Int256, _ price: UInt256) throws(ArithmeticFailure) -> Int256 {
    let m = try abs(size).checkedMul(price)
    if !size.isNegative { return try toInt(m.checkedDiv(Constants.wad)) }
    return try negate(toInt(divUp(m, Constants.wad)))
}

/// Returns `ceil(delta * price / WAD)` (toward +infinity): what an account
/// pays (> 0) or receives (< 0) for a fill of delta.
/// Throws `.arithmetic` if `|delta| * price >= 2^256`.
func costAt(_ delta: Int256, _ price: UInt256) throws(ArithmeticFailure) -> Int256 {
    let m = try abs(delta).checkedMul(price)
    if !delta.isNegative { return try toInt(divUp(m, Constants.wad)) }
    return try negate(toInt(m.checkedDiv(Constants.wad)))
}

/// Returns `floor(x * k / n)` (toward -infinity).
/// Throws `.arithmetic` if `|x| * k >= 2^256`, `.divisionByZero` if n == 0.
func floorMulDiv(_ x: Int256, _ k: UInt256, _ n: UInt256) throws(ArithmeticFailure) -> Int256 {
    let m = try abs(x).checkedMul(k)
    if !x.isNegative { return try toInt(m.checkedDiv(n)) }
    return try negate(toInt(divUp(m, n)))
}

/// Returns `si * rho * sj / WAD` rounded toward +infinity, on magnitudes:
/// `ceil(|si| |rho| / WAD) * |sj|` when positive, `-floor(|si| |rho| / WAD) * |sj|` when negative.
/// Throws `.arithmetic` if a product exceeds 2^256 - 1 or the result int256.
func correlationTerm(_ si: Int256, _ rho: Int256, _ sj: Int256) throws(ArithmeticFailure) -> Int256 {
    if si.isZero || rho.isZero || sj.isZero { return .zero }
    let a = try abs(si).checkedMul(abs(rho))
    let negative = (si.isNegative != rho.isNegative) != sj.isNegative
    if negative {
        return try negate(toInt(a.checkedDiv(Constants.wad).checkedMul(abs(sj))))
    }
    return try toInt(divUp(a, Constants.wad).checkedMul(abs(sj)))
}

/// Returns `a + b`, exact (named for reading like the Spec's `a + b`).
/// Throws `.arithmetic` if the sum is outside int256.
@inline(__always)
func add(_ a: Int256, _ b: Int256) throws(ArithmeticFailure) -> Int256 { try a.checkedAdd(b) }

/// Returns `a - b`, exact.
/// Throws `.arithmetic` if the difference is outside int256.
@inline(__always)
func sub(_ a: Int256, _ b: Int256) throws(ArithmeticFailure) -> Int256 { try a.checkedSub(b) }
