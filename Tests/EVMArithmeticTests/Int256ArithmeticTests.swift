// int256 against exact integers: wrapping and checked families (Solidity 0.8
// and Vyper: overflow and min / -1 are arithmetic failures, a zero divisor is
// division-by-zero, min % -1 is 0), order, sign and magnitude, and SAR.
import ExactArithmetic
import EVMArithmetic
import Testing

@Suite("Int256 arithmetic against GMP")
struct Int256ArithmeticTests {
    @Test func signedAddMatchesExactSum() async {
        await forAll(2) { o in
            let (a, b) = (Int256(bitPattern: o[0]), Int256(bitPattern: o[1]))
            let exact = MPZ(a) + MPZ(b)
            return expectSame((a &+ b).bitPattern, exact.word, "a &+ b", o)
                && expectSame(outcome { try a.checkedAdd(b) }, Oracle.signed(exact), "a.checkedAdd(b)", o)
        }
    }

    @Test func signedSubMatchesExactDifference() async {
        await forAll(2) { o in
            let (a, b) = (Int256(bitPattern: o[0]), Int256(bitPattern: o[1]))
            let exact = MPZ(a) - MPZ(b)
            return expectSame((a &- b).bitPattern, exact.word, "a &- b", o)
                && expectSame(outcome { try a.checkedSub(b) }, Oracle.signed(exact), "a.checkedSub(b)", o)
        }
    }

    @Test func signedMulMatchesExactProduct() async {
        await forAll(2) { o in
            let (a, b) = (Int256(bitPattern: o[0]), Int256(bitPattern: o[1]))
            let exact = MPZ(a) * MPZ(b)
            return expectSame((a &* b).bitPattern, exact.word, "a &* b", o)
                && expectSame(outcome { try a.checkedMul(b) }, Oracle.signed(exact), "a.checkedMul(b)", o)
        }
    }

    @Test func signedDivisionTruncatesTowardZero() async {
        await forAll(2, shaped: Shapes.signedDivisorNearDividend) { o in
            let (a, b) = (Int256(bitPattern: o[0]), Int256(bitPattern: o[1]))
            let x = MPZ(a), y = MPZ(b)
            let quotient = outcome { try a.checkedDiv(b) }
            let remainder = outcome { try a.checkedMod(b) }
            guard expectSame(quotient, Oracle.signedDivision(by: y) { x.truncatedDivision(by: y) }, "a.checkedDiv(b)", o),
                  expectSame(remainder, Oracle.signedDivision(by: y) { x.truncatedRemainder(dividingBy: y) },
                             "a.checkedMod(b)", o)
            else { return false }
            // Where both are defined they obey the division rule; the remainder
            // alone is defined for min % -1 (it is 0).
            guard case let .success(q) = quotient, case let .success(r) = remainder else { return true }
            return divisionRuleHolds(x, y, MPZ(q), MPZ(r), "a.checkedDiv(b), a.checkedMod(b)", o)
        }
    }

    @Test func negationAndMagnitudeMatchTheSignedValue() async {
        await forAll(2) { o in
            let a = Int256(bitPattern: o[0]), x = MPZ(a)
            let negative = o[1].w0 & 1 == 1
            let fromParts = Int256(negative: negative, magnitude: o[0])
            let expectedFromParts = negative ? -MPZ(o[0]) : MPZ(o[0])
            return expectSame(a.wrappingNegation.bitPattern, (-x).word, "-a wrapping", o)
                && expectSame(a.magnitude, x.magnitude.word, "a.magnitude", o)
                && expectSame(MPZ(a.magnitude), x.magnitude, "a.magnitude is exact", o)
                && expectSame(a.signum, x.signum, "a.signum", o)
                && expectSame(a.isNegative, x.signum < 0, "a.isNegative", o)
                && expectSame(a.isZero, x.signum == 0, "a.isZero", o)
                && expectSame(fromParts.map { MPZ($0) }, expectedFromParts.fitsInt256 ? expectedFromParts : nil,
                              "Int256(negative: b is odd, magnitude: a)", o)
        }
    }

    @Test func signedComparisonMatchesIntegerOrder() async {
        await forAll(2) { o in
            let (a, b) = (Int256(bitPattern: o[0]), Int256(bitPattern: o[1]))
            let x = MPZ(a), y = MPZ(b)
            return expectSame(a < b, x < y, "a < b", o)
                && expectSame(a <= b, x <= y, "a <= b", o)
                && expectSame(a > b, x > y, "a > b", o)
                && expectSame(a >= b, x >= y, "a >= b", o)
                && expectSame(a == b, x == y, "a == b", o)
        }
    }

    @Test func arithmeticShiftRightFloors() async {
        // (value, shift): shift is read as a count in 0...300.
        await forAll(2, shaped: Shapes.shiftCount) { o in
            let (value, shift) = (Int256(bitPattern: o[0]), Int(o[1].w0))
            return expectSame(value.shiftedRightArithmetic(by: shift).bitPattern,
                              MPZ(value).flooredShiftedRight(shift).word, "a.shiftedRightArithmetic(by: b)", o)
        }
    }
}
