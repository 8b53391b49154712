/// The EVM's word operations with the Yellow Paper's semantics: every
/// operand and result is a 256-bit word, nothing traps, division by zero
/// gives 0. Arguments are in stack order (top of stack first), so
/// `shl(shift, value)` reads like the opcode.
public enum EVM {
    // MARK: Arithmetic (0x01-0x0b)

    /// ADD: `(a + b) mod 2^256`.
    @inlinable public static func add(_ a: UInt256, _ b: UInt256) -> UInt256 { a &+ b }

    /// MUL: `(a * b) mod 2^256`.
    @inlinable public static func mul(_ a: UInt256, _ b: UInt256) -> UInt256 { a &* b }

    /// SUB: `(a - b) mod 2^256`.
    @inlinable public static func sub(_ a: UInt256, _ b: UInt256) -> UInt256 { a &- b }

    /// DIV: `floor(a / b)`, 0 when b is 0.
    public static func div(_ a: UInt256, _ b: UInt256) -> UInt256 {
        a.quotientAndRemainder(dividingBy: b)?.quotient ?? .zero
    }

    /// SDIV: signed `a / b` truncated toward zero; 0 when b is 0;
    /// `sdiv(-2^255, -1) = -2^255`.
    public static func sdiv(_ a: UInt256, _ b: UInt256) -> UInt256 {
        let x = Int256(bitPattern: a), y = Int256(bitPattern: b)
        guard let (quotient, _) = x.magnitude.quotientAndRemainder(dividingBy: y.magnitude) else { return .zero }
        // The one overflow, min / -1, wraps back to min: negating 2^255 is 2^255.
        return x.isNegative != y.isNegative ? quotient.twosComplement : quotient
    }

    /// MOD: `a mod b`, 0 when b is 0.
    public static func mod(_ a: UInt256, _ b: UInt256) -> UInt256 {
        a.quotientAndRemainder(dividingBy: b)?.remainder ?? .zero
    }

    /// SMOD: signed `a mod b` with the sign of a; 0 when b is 0.
    public static func smod(_ a: UInt256, _ b: UInt256) -> UInt256 {
        let x = Int256(bitPattern: a), y = Int256(bitPattern: b)
        guard let (_, remainder) = x.magnitude.quotientAndRemainder(dividingBy: y.magnitude) else { return .zero }
        return x.isNegative ? remainder.twosComplement : remainder
    }

    /// ADDMOD: `(a + b) mod n` over the exact 257-bit sum; 0 when n is 0.
    public static func addmod(_ a: UInt256, _ b: UInt256, _ n: UInt256) -> UInt256 {
        guard let (_, ra) = a.quotientAndRemainder(dividingBy: n),
              let (_, rb) = b.quotientAndRemainder(dividingBy: n) else { return .zero }
        // ra + rb < 2n: one conditional subtraction reduces it, and the
        // wrapped difference is exact when the sum carried past 2^256.
        let (sum, carry) = ra.addingReportingOverflow(rb)
        return carry || sum >= n ? sum &- n : sum
    }

    /// MULMOD: `(a * b) mod n` over the exact 512-bit product; 0 when n is 0.
    public static func mulmod(_ a: UInt256, _ b: UInt256, _ n: UInt256) -> UInt256 {
        a.multipliedFullWidth(by: b).quotientAndRemainder(dividingBy: n)?.remainder ?? .zero
    }

    /// EXP: `base^exponent mod 2^256`, with `0^0 = 1`.
    @inlinable
    public static func exp(_ base: UInt256, _ exponent: UInt256) -> UInt256 {
        var result = UInt256.one
        var square = base
        let bits = exponent.bitWidth
        var i = 0
        while i < bits {
            if exponent.bit(i) { result = result &* square }
            i += 1
            if i < bits { square = square &* square }
        }
        return result
    }

    /// SIGNEXTEND: extends the sign of byte `byteIndex` (0 = least
    /// significant) of `x` to the whole word; x unchanged when byteIndex >= 31.
    @inlinable
    public static func signextend(_ byteIndex: UInt256, _ x: UInt256) -> UInt256 {
        guard let index = byteIndex.uint64Value, index < 31 else { return x }
        let signBit = Int(index) * 8 + 7
        let mask = UInt256.one.shiftedLeft(by: signBit + 1) &- .one
        return x.bit(signBit) ? x | ~mask : x & mask
    }

    // MARK: Comparison and bitwise logic (0x10-0x1d)

    /// LT: 1 if a < b (unsigned), else 0.
    @inlinable public static func lt(_ a: UInt256, _ b: UInt256) -> UInt256 { word(a < b) }

    /// GT: 1 if a > b (unsigned), else 0.
    @inlinable public static func gt(_ a: UInt256, _ b: UInt256) -> UInt256 { word(a > b) }

    /// SLT: 1 if a < b as int256, else 0.
    @inlinable public static func slt(_ a: UInt256, _ b: UInt256) -> UInt256 {
        word(Int256(bitPattern: a) < Int256(bitPattern: b))
    }

    /// SGT: 1 if a > b as int256, else 0.
    @inlinable public static func sgt(_ a: UInt256, _ b: UInt256) -> UInt256 {
        word(Int256(bitPattern: a) > Int256(bitPattern: b))
    }

    /// EQ: 1 if a == b, else 0.
    @inlinable public static func eq(_ a: UInt256, _ b: UInt256) -> UInt256 { word(a == b) }

    /// ISZERO: 1 if a == 0, else 0.
    @inlinable public static func iszero(_ a: UInt256) -> UInt256 { word(a.isZero) }

    /// AND: bitwise a & b.
    @inlinable public static func and(_ a: UInt256, _ b: UInt256) -> UInt256 { a & b }

    /// OR: bitwise a | b.
    @inlinable public static func or(_ a: UInt256, _ b: UInt256) -> UInt256 { a | b }

    /// XOR: bitwise a ^ b.
    @inlinable public static func xor(_ a: UInt256, _ b: UInt256) -> UInt256 { a ^ b }

    /// NOT: bitwise ~a.
    @inlinable public static func not(_ a: UInt256) -> UInt256 { ~a }

    /// BYTE: byte `index` of x counting from the most significant (0); 0
    /// when index >= 32.
    @inlinable
    public static func byte(_ index: UInt256, _ x: UInt256) -> UInt256 {
        guard let i = index.uint64Value, i < 32 else { return .zero }
        return UInt256(x.shiftedRight(by: 248 - Int(i) * 8).w0 & 0xff)
    }

    /// SHL: `value << shift mod 2^256`; 0 when shift >= 256.
    @inlinable
    public static func shl(_ shift: UInt256, _ value: UInt256) -> UInt256 {
        guard let s = shift.uint64Value, s < 256 else { return .zero }
        return value.shiftedLeft(by: Int(s))
    }

    /// SHR: logical `value >> shift`; 0 when shift >= 256.
    @inlinable
    public static func shr(_ shift: UInt256, _ value: UInt256) -> UInt256 {
        guard let s = shift.uint64Value, s < 256 else { return .zero }
        return value.shiftedRight(by: Int(s))
    }

    /// SAR: arithmetic `value >> shift` as int256; 0 or -1 when shift >= 256.
    @inlinable
    public static func sar(_ shift: UInt256, _ value: UInt256) -> UInt256 {
        let s = shift.uint64Value.map { $0 < 256 ? Int($0) : 256 } ?? 256
        return Int256(bitPattern: value).shiftedRightArithmetic(by: s).bitPattern
    }

    @inlinable
    static func word(_ condition: Bool) -> UInt256 { condition ? .one : .zero }
}
