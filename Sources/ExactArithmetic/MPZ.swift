// Exact integers: GMP's arbitrary-precision mpz behind one small Swift class.
// This is the only file outside EVMArithmetic's GMP.swift that calls GMP, and
// the only one that owns mpz_t memory: each MPZ owns one mpz_t, initialised in
// init and cleared in deinit. Values are immutable once built: every operation
// returns a new MPZ, so an MPZ may be shared between threads. GMP only ever
// sees `raw` of an MPZ that is a parameter, `self`, or explicitly kept alive,
// because Swift may free any other object right after its last use.
import CGMP
import EVMArithmetic

/// An arbitrary-precision integer (GMP mpz): the independent oracle that the
/// tests and the rounding checks compare the 256-bit model against.
public final class MPZ: @unchecked Sendable {
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

    /// Parses `text` in `base` with GMP's own reader (an optional leading
    /// minus); nil when GMP rejects it.
    public convenience init?(_ text: String, base: Int32 = 10) {
        self.init()
        if dm_mpz_set_str(raw, text, base) != 0 { return nil }
    }

    /// A small non-negative value.
    public convenience init(_ value: UInt) {
        self.init()
        dm_mpz_set_ui(raw, value)
    }

    /// A small signed value.
    public convenience init(_ value: Int) {
        self.init(value.magnitude)
        if value < 0 { dm_mpz_neg(raw, raw) }
    }

    /// The word read as an unsigned integer in [0, 2^256), from its limbs.
    public convenience init(_ word: UInt256) {
        self.init()
        let limbs: [UInt] = [UInt(word.w0), UInt(word.w1), UInt(word.w2), UInt(word.w3)]
        limbs.withUnsafeBufferPointer { dm_mpz_import_limbs(raw, $0.baseAddress, 4) }
    }

    /// The word read as a two's-complement integer in [-2^255, 2^255).
    public convenience init(signed word: UInt256) {
        self.init(word)
        if dm_mpz_tstbit(raw, 255) != 0 { dm_mpz_sub(raw, raw, MPZ.twoTo256.raw) }
    }

    public convenience init(_ value: Int256) {
        self.init(signed: value.bitPattern)
    }

    /// Builds a value by running one GMP call into a fresh result.
    private static func computing(_ body: (UnsafeMutablePointer<__mpz_struct>) -> Void) -> MPZ {
        let result = MPZ()
        body(result.raw)
        return result
    }

    /// 2^exponent.
    public static func twoTo(_ exponent: Int) -> MPZ {
        computing { dm_mpz_mul_2exp($0, MPZ.one.raw, UInt(exponent)) }
    }

    // Shared constants: GMP only reads them, which is safe from any thread.
    public static let zero = MPZ()
    public static let one = MPZ(1 as UInt)
    public static let twoTo255 = MPZ.twoTo(255)
    public static let twoTo256 = MPZ.twoTo(256)
    public static let wad = MPZ(1_000_000_000_000_000_000 as UInt)

    // MARK: Reading the value back

    /// The decimal (or other base) digits, with a leading minus for negatives;
    /// hex digits are lower case.
    public func text(base: Int32 = 10) -> String {
        let capacity = dm_mpz_sizeinbase(raw, base) + 2
        var buffer = [CChar](repeating: 0, count: capacity)
        buffer.withUnsafeMutableBufferPointer { _ = dm_mpz_get_str($0.baseAddress, base, raw) }
        let digits = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: digits, as: UTF8.self)
    }

    /// The value mod 2^256 as a word: the EVM's wrapping, and two's
    /// complement for negatives.
    public var word: UInt256 {
        let reduced = MPZ.computing { dm_mpz_fdiv_r_2exp($0, raw, 256) }
        // A local object may be freed after its last use, which is reading
        // `raw`; keep it alive until GMP is done with it.
        return withExtendedLifetime(reduced) {
            UInt256(
                w0: UInt64(dm_mpz_getlimbn(reduced.raw, 0)), w1: UInt64(dm_mpz_getlimbn(reduced.raw, 1)),
                w2: UInt64(dm_mpz_getlimbn(reduced.raw, 2)), w3: UInt64(dm_mpz_getlimbn(reduced.raw, 3)))
        }
    }

    /// Whether the value is a uint256: 0 <= self < 2^256.
    public var fitsUInt256: Bool { signum >= 0 && self < MPZ.twoTo256 }

    /// Whether the value is an int256: -2^255 <= self < 2^255.
    public var fitsInt256: Bool { self >= -MPZ.twoTo255 && self < MPZ.twoTo255 }

    /// -1, 0 or 1.
    public var signum: Int { Int(dm_mpz_sgn(raw)) }

    /// Bit `index` in two's complement (infinite sign extension for negatives).
    public func bit(_ index: Int) -> Bool { dm_mpz_tstbit(raw, UInt(index)) != 0 }

    /// The number of bits in |self| (0 for zero).
    public var bitCount: Int { signum == 0 ? 0 : Int(dm_mpz_sizeinbase(raw, 2)) }

    // MARK: Arithmetic

    public static func + (a: MPZ, b: MPZ) -> MPZ { computing { dm_mpz_add($0, a.raw, b.raw) } }
    public static func - (a: MPZ, b: MPZ) -> MPZ { computing { dm_mpz_sub($0, a.raw, b.raw) } }
    public static func * (a: MPZ, b: MPZ) -> MPZ { computing { dm_mpz_mul($0, a.raw, b.raw) } }
    public static prefix func - (a: MPZ) -> MPZ { computing { dm_mpz_neg($0, a.raw) } }
    public var magnitude: MPZ { MPZ.computing { dm_mpz_abs($0, raw) } }

    /// The quotient rounded toward zero. Requires d != 0.
    public func truncatedDivision(by d: MPZ) -> MPZ { dividing(by: d) { dm_mpz_tdiv_q($0, raw, $1) } }
    /// The remainder of truncated division, with the sign of self. Requires d != 0.
    public func truncatedRemainder(dividingBy d: MPZ) -> MPZ { dividing(by: d) { dm_mpz_tdiv_r($0, raw, $1) } }
    /// The quotient rounded toward minus infinity. Requires d != 0.
    public func flooredDivision(by d: MPZ) -> MPZ { dividing(by: d) { dm_mpz_fdiv_q($0, raw, $1) } }
    /// The quotient rounded toward plus infinity. Requires d != 0.
    public func ceilingDivision(by d: MPZ) -> MPZ { dividing(by: d) { dm_mpz_cdiv_q($0, raw, $1) } }

    /// Runs one GMP division by d into a fresh result; traps on d == 0, where GMP would raise SIGFPE.
    private func dividing(
        by d: MPZ, _ body: (UnsafeMutablePointer<__mpz_struct>, UnsafeMutablePointer<__mpz_struct>) -> Void
    ) -> MPZ {
        precondition(d.signum != 0, "division by zero in exact arithmetic")
        return MPZ.computing { body($0, d.raw) }
    }

    /// self * 2^bits.
    public func shiftedLeft(_ bits: Int) -> MPZ { MPZ.computing { dm_mpz_mul_2exp($0, raw, UInt(bits)) } }
    /// floor(self / 2^bits), also for negatives.
    public func flooredShiftedRight(_ bits: Int) -> MPZ { MPZ.computing { dm_mpz_fdiv_q_2exp($0, raw, UInt(bits)) } }
    /// self mod 2^bits, in [0, 2^bits).
    public func modTwoTo(_ bits: Int) -> MPZ { MPZ.computing { dm_mpz_fdiv_r_2exp($0, raw, UInt(bits)) } }

    /// self^exponent mod m. Requires m != 0 and exponent >= 0.
    public func power(_ exponent: MPZ, modulo m: MPZ) -> MPZ {
        MPZ.computing { dm_mpz_powm($0, raw, exponent.raw, m.raw) }
    }

    /// base^exponent, exactly.
    public static func power(_ base: UInt, _ exponent: UInt) -> MPZ {
        computing { dm_mpz_ui_pow_ui($0, base, exponent) }
    }

    /// Returns `floor(sqrt(self))`. Requires self >= 0.
    public var flooredSquareRoot: MPZ {
        precondition(signum >= 0, "square root of a negative exact integer")
        return MPZ.computing { dm_mpz_sqrt($0, raw) }
    }

    public static func & (a: MPZ, b: MPZ) -> MPZ { computing { dm_mpz_and($0, a.raw, b.raw) } }
    public static func | (a: MPZ, b: MPZ) -> MPZ { computing { dm_mpz_ior($0, a.raw, b.raw) } }
    public static func ^ (a: MPZ, b: MPZ) -> MPZ { computing { dm_mpz_xor($0, a.raw, b.raw) } }
}

extension MPZ: Comparable {
    public static func == (a: MPZ, b: MPZ) -> Bool { dm_mpz_cmp(a.raw, b.raw) == 0 }
    public static func < (a: MPZ, b: MPZ) -> Bool { dm_mpz_cmp(a.raw, b.raw) < 0 }
}

extension MPZ: CustomStringConvertible {
    public var description: String { text() }
}
