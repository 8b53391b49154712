// The independent oracle: every operation written from its definition in
// exact integer arithmetic (MPZ), never from the implementation's algorithm.
// EVM opcodes follow the Yellow Paper (appendix H); checked operations follow
// Solidity 0.8 and Vyper: the exact result if it fits the type, else a revert
// of the named class.
import ExactArithmetic
import EVMArithmetic
import Testing

/// A checked operation's answer: the value, or the class of revert.
typealias Checked<Value> = Result<Value, ArithmeticFailure>

/// Runs a model call and captures its answer as a `Checked` value. Any other
/// error is recorded as an issue of its own (the test fails), not a crash.
func outcome<Value>(
    _ body: () throws -> Value, sourceLocation: SourceLocation = #_sourceLocation
) -> Checked<Value> {
    do {
        return .success(try body())
    } catch let failure as ArithmeticFailure {
        return .failure(failure)
    } catch {
        Issue.record("threw \(error), expected a value or an ArithmeticFailure", sourceLocation: sourceLocation)
        return .failure(.arithmetic)
    }
}

enum Oracle {
    // MARK: Checked semantics

    /// A uint256 result: the exact value if it is in [0, 2^256), else Panic 0x11.
    static func unsigned(_ exact: MPZ) -> Checked<UInt256> {
        exact.fitsUInt256 ? .success(exact.word) : .failure(.arithmetic)
    }

    /// An int256 result: the exact value if it is in [-2^255, 2^255), else Panic 0x11.
    static func signed(_ exact: MPZ) -> Checked<Int256> {
        exact.fitsInt256 ? .success(Int256(bitPattern: exact.word)) : .failure(.arithmetic)
    }

    /// A division's result: Panic 0x12 for a zero divisor, else `quotient()` checked as uint256.
    static func unsignedDivision(by divisor: MPZ, _ quotient: () -> MPZ) -> Checked<UInt256> {
        divisor.signum == 0 ? .failure(.divisionByZero) : unsigned(quotient())
    }

    /// A division's result: Panic 0x12 for a zero divisor, else `quotient()` checked as int256.
    static func signedDivision(by divisor: MPZ, _ quotient: () -> MPZ) -> Checked<Int256> {
        divisor.signum == 0 ? .failure(.divisionByZero) : signed(quotient())
    }

    // MARK: EVM words (Yellow Paper); every operand is a word in [0, 2^256)

    /// The word as the EVM's signed interpretation, in [-2^255, 2^255).
    static func signedValue(_ word: UInt256) -> MPZ { MPZ(signed: word) }

    static func add(_ a: UInt256, _ b: UInt256) -> UInt256 { (MPZ(a) + MPZ(b)).word }
    static func sub(_ a: UInt256, _ b: UInt256) -> UInt256 { (MPZ(a) - MPZ(b)).word }
    static func mul(_ a: UInt256, _ b: UInt256) -> UInt256 { (MPZ(a) * MPZ(b)).word }

    /// DIV: 0 if b = 0, else floor(a / b).
    static func div(_ a: UInt256, _ b: UInt256) -> UInt256 {
        isZero(b) ? .zero : MPZ(a).truncatedDivision(by: MPZ(b)).word
    }

    /// SDIV: 0 if b = 0, -2^255 for (-2^255) / -1, else sgn(a / b) floor(|a / b|).
    static func sdiv(_ a: UInt256, _ b: UInt256) -> UInt256 {
        if isZero(b) { return .zero }
        let quotient = signedValue(a).truncatedDivision(by: signedValue(b))
        // The one quotient outside int256, 2^255, is written as the word -2^255.
        return quotient.word
    }

    /// MOD: 0 if b = 0, else a mod b.
    static func mod(_ a: UInt256, _ b: UInt256) -> UInt256 {
        isZero(b) ? .zero : MPZ(a).truncatedRemainder(dividingBy: MPZ(b)).word
    }

    /// SMOD: 0 if b = 0, else sgn(a) (|a| mod |b|).
    static func smod(_ a: UInt256, _ b: UInt256) -> UInt256 {
        if isZero(b) { return .zero }
        let x = signedValue(a), y = signedValue(b)
        let remainder = x.magnitude.truncatedRemainder(dividingBy: y.magnitude)
        return (x.signum < 0 ? -remainder : remainder).word
    }

    /// ADDMOD: 0 if n = 0, else (a + b) mod n over the exact sum.
    static func addmod(_ a: UInt256, _ b: UInt256, _ n: UInt256) -> UInt256 {
        isZero(n) ? .zero : (MPZ(a) + MPZ(b)).truncatedRemainder(dividingBy: MPZ(n)).word
    }

    /// MULMOD: 0 if n = 0, else (a * b) mod n over the exact product.
    static func mulmod(_ a: UInt256, _ b: UInt256, _ n: UInt256) -> UInt256 {
        isZero(n) ? .zero : (MPZ(a) * MPZ(b)).truncatedRemainder(dividingBy: MPZ(n)).word
    }

    /// EXP: a^b mod 2^256 (with 0^0 = 1).
    static func exp(_ a: UInt256, _ b: UInt256) -> UInt256 {
        MPZ(a).power(MPZ(b), modulo: MPZ.twoTo256).word
    }

    /// SIGNEXTEND: for b < 31, the low 8(b + 1) bits of x read as a signed
    /// number of that width; x itself when b >= 31.
    static func signextend(_ b: UInt256, _ x: UInt256) -> UInt256 {
        guard MPZ(b) < MPZ(31 as UInt) else { return x }
        let width = 8 * (Int(b.w0) + 1)
        let low = MPZ(x).modTwoTo(width)
        return (low.bit(width - 1) ? low - MPZ.twoTo(width) : low).word
    }

    /// BYTE: byte i of x counting from the most significant (i = 0); 0 when i >= 32.
    static func byte(_ i: UInt256, _ x: UInt256) -> UInt256 {
        guard MPZ(i) < MPZ(32 as UInt) else { return .zero }
        return MPZ(x).flooredShiftedRight(8 * (31 - Int(i.w0))).modTwoTo(8).word
    }

    /// SHL: x * 2^s mod 2^256.
    static func shl(_ s: UInt256, _ x: UInt256) -> UInt256 {
        // 2^256 divides x * 2^s once s >= 256, so the result is 0; no need
        // to build a product with 2^s bits.
        guard MPZ(s) < MPZ(256 as UInt) else { return .zero }
        return MPZ(x).shiftedLeft(Int(s.w0)).word
    }

    /// SHR: floor(x / 2^s).
    static func shr(_ s: UInt256, _ x: UInt256) -> UInt256 {
        // x < 2^256 <= 2^s once s >= 256, so the quotient is 0.
        guard MPZ(s) < MPZ(256 as UInt) else { return .zero }
        return MPZ(x).flooredShiftedRight(Int(s.w0)).word
    }

    /// SAR: floor(signed(x) / 2^s).
    static func sar(_ s: UInt256, _ x: UInt256) -> UInt256 {
        // |signed(x)| <= 2^255 < 2^s once s >= 256, so the floor is 0 or -1,
        // the same as for s = 256.
        let shift = MPZ(s) < MPZ(256 as UInt) ? Int(s.w0) : 256
        return signedValue(x).flooredShiftedRight(shift).word
    }

    static func lt(_ a: UInt256, _ b: UInt256) -> UInt256 { flag(MPZ(a) < MPZ(b)) }
    static func gt(_ a: UInt256, _ b: UInt256) -> UInt256 { flag(MPZ(a) > MPZ(b)) }
    static func slt(_ a: UInt256, _ b: UInt256) -> UInt256 { flag(signedValue(a) < signedValue(b)) }
    static func sgt(_ a: UInt256, _ b: UInt256) -> UInt256 { flag(signedValue(a) > signedValue(b)) }
    static func eq(_ a: UInt256, _ b: UInt256) -> UInt256 { flag(MPZ(a) == MPZ(b)) }
    static func iszero(_ a: UInt256) -> UInt256 { flag(MPZ(a).signum == 0) }
    static func and(_ a: UInt256, _ b: UInt256) -> UInt256 { (MPZ(a) & MPZ(b)).word }
    static func or(_ a: UInt256, _ b: UInt256) -> UInt256 { (MPZ(a) | MPZ(b)).word }
    static func xor(_ a: UInt256, _ b: UInt256) -> UInt256 { (MPZ(a) ^ MPZ(b)).word }
    /// NOT: 2^256 - 1 - a, every bit flipped.
    static func not(_ a: UInt256) -> UInt256 { (MPZ.twoTo256 - MPZ.one - MPZ(a)).word }

    static func isZero(_ a: UInt256) -> Bool { MPZ(a).signum == 0 }

    /// The EVM's boolean word.
    static func flag(_ condition: Bool) -> UInt256 { condition ? UInt256(1) : UInt256(0) }
}
