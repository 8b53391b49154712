// uint256 against exact integers: wrapping, reporting-overflow and checked
// families, full-width products, division, order and the word's bits.
import ExactArithmetic
import EVMArithmetic
import Testing

@Suite("UInt256 arithmetic against GMP")
struct UInt256ArithmeticTests {
    @Test func addMatchesModularSum() async {
        await forAll(2) { o in
            let (a, b) = (o[0], o[1])
            let exact = MPZ(a) + MPZ(b)
            let reported = a.addingReportingOverflow(b)
            return expectSame(a &+ b, exact.word, "a &+ b", o)
                && expectSame(reported.partialValue, exact.word, "a.addingReportingOverflow(b).partialValue", o)
                && expectSame(reported.overflow, !exact.fitsUInt256, "a.addingReportingOverflow(b).overflow", o)
                && expectSame(outcome { try a.checkedAdd(b) }, Oracle.unsigned(exact), "a.checkedAdd(b)", o)
        }
    }

    @Test func subMatchesModularDifference() async {
        await forAll(2) { o in
            let (a, b) = (o[0], o[1])
            let exact = MPZ(a) - MPZ(b)
            let reported = a.subtractingReportingOverflow(b)
            return expectSame(a &- b, exact.word, "a &- b", o)
                && expectSame(reported.partialValue, exact.word, "a.subtractingReportingOverflow(b).partialValue", o)
                && expectSame(reported.overflow, !exact.fitsUInt256, "a.subtractingReportingOverflow(b).overflow", o)
                && expectSame(outcome { try a.checkedSub(b) }, Oracle.unsigned(exact), "a.checkedSub(b)", o)
                && expectSame(a.twosComplement, (-MPZ(a)).word, "a.twosComplement", o)
        }
    }

    @Test func mulMatchesModularProduct() async {
        await forAll(2) { o in
            let (a, b) = (o[0], o[1])
            let exact = MPZ(a) * MPZ(b)
            let reported = a.multipliedReportingOverflow(by: b)
            return expectSame(a &* b, exact.word, "a &* b", o)
                && expectSame(reported.partialValue, exact.word, "a.multipliedReportingOverflow(by: b).partialValue", o)
                && expectSame(reported.overflow, !exact.fitsUInt256, "a.multipliedReportingOverflow(by: b).overflow", o)
                && expectSame(outcome { try a.checkedMul(b) }, Oracle.unsigned(exact), "a.checkedMul(b)", o)
        }
    }

    @Test func fullWidthProductIsExact() async {
        await forAll(2) { o in
            let product = o[0].multipliedFullWidth(by: o[1])
            let exact = MPZ(o[0]) * MPZ(o[1])
            return expectSame(product.low, exact.word, "a.multipliedFullWidth(by: b).low", o)
                && expectSame(product.high, exact.flooredShiftedRight(256).word, "a.multipliedFullWidth(by: b).high", o)
        }
    }

    @Test func divisionMatchesTruncatedQuotient() async {
        await forAll(2, shaped: Shapes.divisorNearDividend) { o in
            let (a, b) = (o[0], o[1])
            let x = MPZ(a), y = MPZ(b)
            let expected: Division? = y.signum == 0 ? nil : Division(
                quotient: x.truncatedDivision(by: y).word, remainder: x.truncatedRemainder(dividingBy: y).word)
            let actual = a.quotientAndRemainder(dividingBy: b).map { Division(quotient: $0.quotient, remainder: $0.remainder) }
            guard expectSame(actual, expected, "a.quotientAndRemainder(dividingBy: b)", o)
                && expectSame(outcome { try a.checkedDiv(b) }, Oracle.unsignedDivision(by: y) { x.truncatedDivision(by: y) },
                              "a.checkedDiv(b)", o)
                && expectSame(outcome { try a.checkedMod(b) },
                              Oracle.unsignedDivision(by: y) { x.truncatedRemainder(dividingBy: y) }, "a.checkedMod(b)", o)
            else { return false }
            guard let (q, r) = actual.map({ ($0.quotient, $0.remainder) }) else { return true }
            return divisionRuleHolds(x, y, MPZ(q), MPZ(r), "a.quotientAndRemainder(dividingBy: b)", o)
        }
    }

    @Test func wideDivisionMatchesTruncatedQuotient() async {
        // (high, low, d): the 512-bit numerator high * 2^256 + low over d.
        await forAll(3, shaped: Shapes.wideNumerator) { o in
            let numerator = UInt512(high: o[0], low: o[1])
            let n = MPZ(o[0]).shiftedLeft(256) + MPZ(o[1]), d = MPZ(o[2])
            guard let actual = numerator.quotientAndRemainder(dividingBy: o[2]) else {
                return expectSame(d.signum, 0, "UInt512(high: a, low: b).quotientAndRemainder(dividingBy: c) is nil", o)
            }
            guard expectSame(d.signum, 1, "UInt512(high: a, low: b).quotientAndRemainder(dividingBy: 0) is not nil", o)
            else { return false }
            let q = n.truncatedDivision(by: d)
            return expectSame(actual.quotient.low, q.word, "wide quotient low half", o)
                && expectSame(actual.quotient.high, q.flooredShiftedRight(256).word, "wide quotient high half", o)
                && expectSame(actual.remainder, n.truncatedRemainder(dividingBy: d).word, "wide remainder", o)
        }
    }

    @Test func comparisonMatchesIntegerOrder() async {
        await forAll(2) { o in
            let (a, b) = (o[0], o[1])
            let x = MPZ(a), y = MPZ(b)
            return expectSame(a < b, x < y, "a < b", o)
                && expectSame(a <= b, x <= y, "a <= b", o)
                && expectSame(a > b, x > y, "a > b", o)
                && expectSame(a >= b, x >= y, "a >= b", o)
                && expectSame(a == b, x == y, "a == b", o)
                && expectSame(a.hashValue == b.hashValue || a != b, true, "equal words hash alike", o)
        }
    }

    @Test func bitwiseOperatorsActOnEveryBit() async {
        await forAll(2) { o in
            let (a, b) = (o[0], o[1])
            return expectSame(a & b, Oracle.and(a, b), "a & b", o)
                && expectSame(a | b, Oracle.or(a, b), "a | b", o)
                && expectSame(a ^ b, Oracle.xor(a, b), "a ^ b", o)
                && expectSame(~a, Oracle.not(a), "~a", o)
        }
    }

    @Test func shiftsScaleByPowersOfTwo() async {
        // (value, shift): shift is read as a count in 0...300.
        await forAll(2, shaped: Shapes.shiftCount) { o in
            let (value, shift) = (o[0], Int(o[1].w0))
            return expectSame(value.shiftedLeft(by: shift), MPZ(value).shiftedLeft(shift).word, "a.shiftedLeft(by: b)", o)
                && expectSame(value.shiftedRight(by: shift), MPZ(value).flooredShiftedRight(shift).word,
                              "a.shiftedRight(by: b)", o)
        }
    }

    @Test func wordPropertiesDescribeTheValue() async {
        await forAll(2) { o in
            let word = o[0], x = MPZ(word)
            let index = Int(o[1].w0 % 256)
            let limbs = (0..<6).map { UInt64(truncatingIfNeeded: x.flooredShiftedRight(64 * $0).modTwoTo(64).word.w0) }
            return expectSame(word.isZero, x.signum == 0, "a.isZero", o)
                && expectSame(word.bitWidth, x.bitCount, "a.bitWidth", o)
                && expectSame(word.significantLimbCount, (x.bitCount + 63) / 64, "a.significantLimbCount", o)
                && expectSame(word.uint64Value, x.bitCount <= 64 ? limbs[0] : nil, "a.uint64Value", o)
                && expectSame(word.bit(index), x.bit(index), "a.bit(b mod 256)", o)
                && expectSame((-1...5).map { word.limb($0) }, [0] + limbs, "a.limb(-1...5)", o)
        }
    }
}
