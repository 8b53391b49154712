// Exact arithmetic for the property checks: GMP's arbitrary-precision mpz
// behind two small Swift types. This is the only file of the Verification
// module that calls GMP. Each ExactInteger owns one mpz_t, initialised in
// init and cleared in deinit; values are immutable once built, every
// operation returns a new value. GMP only ever sees `raw` of a value that is
// a parameter or `self`, so Swift keeps each one alive for the call.
import CGMP
import EVMArithmetic

/// An arbitrary-precision integer (GMP mpz): the independent oracle that the
/// rounding checks compare the 256-bit model against.
public final class ExactInteger: @unchecked Sendable {
    let raw: UnsafeMutablePointer<__mpz_struct>

    /// Zero.
    public init() {
        raw = .allocate(capacity: 1)
        dm_mpz_init(raw)
    }

    deinit {
        dm_mpz_clear(raw)
        raw.deallocate()
    }

    /// A small signed value.
    public convenience init(_ value: Int) {
        self.init()
        dm_mpz_set_ui(raw, value.magnitude)
        if value < 0 { dm_mpz_neg(raw, raw) }
    }

    /// The word read as an unsigned integer in [0, 2^256).
    public convenience init(_ word: UInt256) {
        self.init()
        let limbs: [UInt] = [UInt(word.w0), UInt(word.w1), UInt(word.w2), UInt(word.w3)]
        limbs.withUnsafeBufferPointer { dm_mpz_import_limbs(raw, $0.baseAddress, 4) }
    }

    /// The int256 value, sign included.
    public convenience init(_ value: Int256) {
        self.init(value.magnitude)
        if value.isNegative { dm_mpz_neg(raw, raw) }
    }

    private static func computing(_ body: (UnsafeMutablePointer<__mpz_struct>) -> Void) -> ExactInteger {
        let result = ExactInteger()
        body(result.raw)
        return result
    }

    public static let zero = ExactInteger()
    public static let one = ExactInteger(1)
    public static let wad = ExactInteger(UInt256.wad)

    // MARK: Arithmetic (exact)

    public static func + (a: ExactInteger, b: ExactInteger) -> ExactInteger { computing { dm_mpz_add($0, a.raw, b.raw) } }
    public static func - (a: ExactInteger, b: ExactInteger) -> ExactInteger { computing { dm_mpz_sub($0, a.raw, b.raw) } }
    public static func * (a: ExactInteger, b: ExactInteger) -> ExactInteger { computing { dm_mpz_mul($0, a.raw, b.raw) } }
    public static prefix func - (a: ExactInteger) -> ExactInteger { computing { dm_mpz_neg($0, a.raw) } }

    /// Returns `floor(self / d)` (toward minus infinity). d must not be zero.
    public func floorDivided(by d: ExactInteger) -> ExactInteger {
        precondition(d.signum != 0, "division by zero in an exact check")
        return ExactInteger.computing { dm_mpz_fdiv_q($0, raw, d.raw) }
    }

    /// Returns `ceil(self / d)` (toward plus infinity). d must not be zero.
    public func ceilDivided(by d: ExactInteger) -> ExactInteger {
        precondition(d.signum != 0, "division by zero in an exact check")
        return ExactInteger.computing { dm_mpz_cdiv_q($0, raw, d.raw) }
    }

    /// Returns `floor(sqrt(self))` of a non-negative value (0 for a negative one).
    public var floorSquareRoot: ExactInteger {
        if signum <= 0 { return .zero }
        return ExactInteger.computing { dm_mpz_sqrt($0, raw) }
    }

    /// Returns `ceil(sqrt(self))` of a non-negative value (0 for a negative one).
    public var ceilSquareRoot: ExactInteger {
        let root = floorSquareRoot
        return root * root == self ? root : root + .one
    }

    /// 2^exponent.
    public static func twoTo(_ exponent: Int) -> ExactInteger {
        computing { dm_mpz_mul_2exp($0, ExactInteger.one.raw, UInt(exponent)) }
    }

    /// -1, 0 or 1.
    public var signum: Int { Int(dm_mpz_sgn(raw)) }

    public static func max(_ a: ExactInteger, _ b: ExactInteger) -> ExactInteger { a >= b ? a : b }
    public static func min(_ a: ExactInteger, _ b: ExactInteger) -> ExactInteger { a <= b ? a : b }
}

extension ExactInteger: Comparable {
    public static func == (a: ExactInteger, b: ExactInteger) -> Bool { dm_mpz_cmp(a.raw, b.raw) == 0 }
    public static func < (a: ExactInteger, b: ExactInteger) -> Bool { dm_mpz_cmp(a.raw, b.raw) < 0 }
}

extension ExactInteger: CustomStringConvertible {
    /// Decimal digits with a leading minus for negatives.
    public var description: String {
        let capacity = dm_mpz_sizeinbase(raw, 10) + 2
        var buffer = [CChar](repeating: 0, count: capacity)
        buffer.withUnsafeMutableBufferPointer { _ = dm_mpz_get_str($0.baseAddress, 10, raw) }
        let digits = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: digits, as: UTF8.self)
    }
}

/// An exact rational number `numerator / denominator` (denominator > 0),
/// for stating an exact margin value in a report and comparing with it.
public struct ExactRational: Sendable, Comparable, CustomStringConvertible {
    public let numerator: ExactInteger
    public let denominator: ExactInteger

    public init(_ numerator: ExactInteger, _ denominator: ExactInteger = .one) {
        precondition(denominator.signum != 0, "zero denominator in an exact check")
        if denominator.signum < 0 {
            self.numerator = -numerator
            self.denominator = -denominator
        } else {
            self.numerator = numerator
            self.denominator = denominator
        }
    }

    public static func == (a: ExactRational, b: ExactRational) -> Bool {
        a.numerator * b.denominator == b.numerator * a.denominator
    }

    public static func < (a: ExactRational, b: ExactRational) -> Bool {
        a.numerator * b.denominator < b.numerator * a.denominator
    }

    /// The value with up to `digits` decimals, truncated toward minus
    /// infinity ("12.3456…" when digits were cut).
    public func decimal(digits: Int = 6) -> String {
        var scale = ExactInteger.one
        for _ in 0..<digits { scale = scale * ExactInteger(10) }
        let scaled = (numerator * scale).floorDivided(by: denominator)
        let exact = scaled * denominator == numerator * scale
        let negative = scaled.signum < 0
        var text = (negative ? -scaled : scaled).description
        if text.count <= digits { text = String(repeating: "0", count: digits + 1 - text.count) + text }
        var integer = String(text.dropLast(digits)), fraction = String(text.suffix(digits))
        while fraction.last == "0" { fraction.removeLast() }
        if integer.isEmpty { integer = "0" }
        let body = fraction.isEmpty ? integer : integer + "." + fraction
        return (negative ? "-" : "") + body + (exact ? "" : "…")
    }

    public var description: String { decimal() }
}
