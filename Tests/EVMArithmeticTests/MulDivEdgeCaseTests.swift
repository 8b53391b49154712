// Known answers for mulDiv, WAD and square roots where rounding and the
// 2^256 boundary meet, derived by hand.
import ExactArithmetic
import EVMArithmetic
import Testing

@Suite("mulDiv, WAD and square roots: known answers")
struct MulDivEdgeCaseTests {
    static let unsigned: [CheckedCase] = [
        CheckedCase("mulDiv(2^256-1, 2^256-1, 2^256-1)", "2^256-1") {
            try UInt256.mulDiv(w("2^256-1"), w("2^256-1"), w("2^256-1"))
        },
        CheckedCase("mulDivUp(2^256-1, 2^256-1, 2^256-1)", "2^256-1") {
            try UInt256.mulDivUp(w("2^256-1"), w("2^256-1"), w("2^256-1"))
        },
        CheckedCase("mulDiv(2^128, 2^128, 1)", reverts: .arithmetic) { try UInt256.mulDiv(w("2^128"), w("2^128"), w("1")) },
        CheckedCase("mulDiv(2^128, 2^128, 2)", "2^255") { try UInt256.mulDiv(w("2^128"), w("2^128"), w("2")) },
        CheckedCase("mulDiv(2^256-1, 2, 2)", "2^256-1") { try UInt256.mulDiv(w("2^256-1"), w("2"), w("2")) },
        // (m + 1)^2 / m = m + 2 + 1/m: with m = 2^256 - 2 the floor m + 2 is 2^256.
        CheckedCase("mulDiv(2^256-1, 2^256-1, 2^256-2)", reverts: .arithmetic) {
            try UInt256.mulDiv(w("2^256-1"), w("2^256-1"), w("2^256-2"))
        },
        // With m = 2^256 - 3 the floor m + 2 = 2^256 - 1 fits, the ceiling does not.
        CheckedCase("mulDiv(2^256-2, 2^256-2, 2^256-3)", "2^256-1") {
            try UInt256.mulDiv(w("2^256-2"), w("2^256-2"), w("2^256-3"))
        },
        CheckedCase("mulDivUp(2^256-2, 2^256-2, 2^256-3)", reverts: .arithmetic) {
            try UInt256.mulDivUp(w("2^256-2"), w("2^256-2"), w("2^256-3"))
        },
        // 2^256 / (2^256 - 1) is just above 1.
        CheckedCase("mulDiv(2^255, 2, 2^256-1)", "1") { try UInt256.mulDiv(w("2^255"), w("2"), w("2^256-1")) },
        CheckedCase("mulDivUp(2^255, 2, 2^256-1)", "2") { try UInt256.mulDivUp(w("2^255"), w("2"), w("2^256-1")) },
        CheckedCase("mulDiv(1, 1, 2)", "0") { try UInt256.mulDiv(w("1"), w("1"), w("2")) },
        CheckedCase("mulDivUp(1, 1, 2)", "1") { try UInt256.mulDivUp(w("1"), w("1"), w("2")) },
        CheckedCase("mulDivUp(0, 2^256-1, 5)", "0") { try UInt256.mulDivUp(w("0"), w("2^256-1"), w("5")) },
        CheckedCase("mulDiv(3, 4, 0)", reverts: .divisionByZero) { try UInt256.mulDiv(w("3"), w("4"), w("0")) },
        // A zero divisor is reported before any overflow.
        CheckedCase("mulDiv(2^256-1, 2^256-1, 0)", reverts: .divisionByZero) {
            try UInt256.mulDiv(w("2^256-1"), w("2^256-1"), w("0"))
        },
        CheckedCase("mulDivUp(0, 0, 0)", reverts: .divisionByZero) { try UInt256.mulDivUp(w("0"), w("0"), w("0")) },
        CheckedCase("fullMulWad(10^18, 2^256-1)", "2^256-1") { try UInt256.fullMulWad(w("1000000000000000000"), w("2^256-1")) },
        CheckedCase("fullMulWad(1, 1)", "0") { try UInt256.fullMulWad(w("1"), w("1")) },
        CheckedCase("fullMulWadUp(1, 1)", "1") { try UInt256.fullMulWadUp(w("1"), w("1")) },
        CheckedCase("fullMulWad(5 10^17, 5 10^17)", "250000000000000000") {
            try UInt256.fullMulWad(w("500000000000000000"), w("500000000000000000"))
        },
        CheckedCase("fullMulWad(2^256-1, 10^18+1)", reverts: .arithmetic) {
            try UInt256.fullMulWad(w("2^256-1"), w("1000000000000000001"))
        },
        CheckedCase("fullMulWadUp(2^256-1, 10^18)", "2^256-1") { try UInt256.fullMulWadUp(w("2^256-1"), w("1000000000000000000")) },
        CheckedCase("fullDivWad(1, 0)", reverts: .divisionByZero) { try UInt256.fullDivWad(w("1"), w("0")) },
        CheckedCase("fullDivWad(0, 0)", reverts: .divisionByZero) { try UInt256.fullDivWad(w("0"), w("0")) },
        CheckedCase("fullDivWadUp(1, 0)", reverts: .divisionByZero) { try UInt256.fullDivWadUp(w("1"), w("0")) },
        CheckedCase("fullDivWad(1, 1)", "1000000000000000000") { try UInt256.fullDivWad(w("1"), w("1")) },
        CheckedCase("fullDivWad(1, 3)", "333333333333333333") { try UInt256.fullDivWad(w("1"), w("3")) },
        CheckedCase("fullDivWadUp(1, 3)", "333333333333333334") { try UInt256.fullDivWadUp(w("1"), w("3")) },
        CheckedCase("fullDivWad(2^256-1, 10^18)", "2^256-1") { try UInt256.fullDivWad(w("2^256-1"), w("1000000000000000000")) },
        CheckedCase("fullDivWad(2^256-1, 10^18-1)", reverts: .arithmetic) {
            try UInt256.fullDivWad(w("2^256-1"), w("999999999999999999"))
        },
    ]

    static let withRemainder: [(label: String, x: String, y: String, d: String, quotient: String, remainder: String)] = [
        ("7 * 3 / 5", "7", "3", "5", "4", "1"),
        ("(2^256-1)^2 / (2^256-1)", "2^256-1", "2^256-1", "2^256-1", "2^256-1", "0"),
        // 3 * 2^255 = (2^256 - 1) + 2^255 + 1.
        ("3 * 2^255 / (2^256-1)", "2^255", "3", "2^256-1", "1", "2^255+1"),
        // (m + 1)^2 = m (m + 2) + 1 with m = 2^256 - 3.
        ("(2^256-2)^2 / (2^256-3)", "2^256-2", "2^256-2", "2^256-3", "2^256-1", "1"),
    ]

    @Test(arguments: unsigned) func unsignedKnownAnswers(_ row: CheckedCase) {
        #expect(shown(row.compute()) == shown(row.expected))
    }

    @Test func mulDivWithRemainderKnownAnswers() throws {
        for row in MulDivEdgeCaseTests.withRemainder {
            let result = try UInt256.mulDivWithRemainder(w(row.x), w(row.y), w(row.d))
            #expect(result.quotient == w(row.quotient), "\(row.label)")
            #expect(result.remainder == w(row.remainder), "\(row.label)")
        }
    }

    /// 2^256 + 1 (the Fermat number F8) = 1238926361552897 * q, so x * y / 2 = -(2^255 + 1/2)
    /// for these: truncation gives -2^255, which fits; the floor -2^255 - 1 does not.
    static let fermatSmallFactor = "1238926361552897"
    static let fermatLargeFactor = "93461639715357977769163558199606896584051237541638188580280321"

    static let signed: [CheckedCase] = [
        CheckedCase("mulDiv(-7, 1, 2)", "-3") { try Int256.mulDiv(i("-7"), i("1"), i("2")).bitPattern },
        CheckedCase("mulDivFloor(-7, 1, 2)", "-4") { try Int256.mulDivFloor(i("-7"), i("1"), i("2")).bitPattern },
        CheckedCase("mulDivFloor(7, 1, -2)", "-4") { try Int256.mulDivFloor(i("7"), i("1"), i("-2")).bitPattern },
        CheckedCase("mulDivFloor(7, -1, 2)", "-4") { try Int256.mulDivFloor(i("7"), i("-1"), i("2")).bitPattern },
        CheckedCase("mulDivFloor(-7, -1, 2)", "3") { try Int256.mulDivFloor(i("-7"), i("-1"), i("2")).bitPattern },
        CheckedCase("mulDivFloor(-7, 1, -2)", "3") { try Int256.mulDivFloor(i("-7"), i("1"), i("-2")).bitPattern },
        CheckedCase("mulDivFloor(-7, -1, -2)", "-4") { try Int256.mulDivFloor(i("-7"), i("-1"), i("-2")).bitPattern },
        CheckedCase("mulDiv(-1, 1, 3)", "0") { try Int256.mulDiv(i("-1"), i("1"), i("3")).bitPattern },
        CheckedCase("mulDivFloor(-1, 1, 3)", "-1") { try Int256.mulDivFloor(i("-1"), i("1"), i("3")).bitPattern },
        CheckedCase("mulDivFloor(-6, 1, 2)", "-3") { try Int256.mulDivFloor(i("-6"), i("1"), i("2")).bitPattern },
        CheckedCase("mulDivFloor(0, -5, 3)", "0") { try Int256.mulDivFloor(i("0"), i("-5"), i("3")).bitPattern },
        CheckedCase("mulDivFloor(-2^255, 1, 1)", "-2^255") { try Int256.mulDivFloor(i("-2^255"), i("1"), i("1")).bitPattern },
        CheckedCase("mulDiv(-2^255, -1, 1)", reverts: .arithmetic) { try Int256.mulDiv(i("-2^255"), i("-1"), i("1")).bitPattern },
        CheckedCase("mulDiv(-2^255, 1, -1)", reverts: .arithmetic) { try Int256.mulDiv(i("-2^255"), i("1"), i("-1")).bitPattern },
        CheckedCase("mulDiv(-2^255, -1, -1)", "-2^255") { try Int256.mulDiv(i("-2^255"), i("-1"), i("-1")).bitPattern },
        CheckedCase("mulDivFloor(-2^255, 1, 2)", "-2^254") { try Int256.mulDivFloor(i("-2^255"), i("1"), i("2")).bitPattern },
        // (2^255 - 1) / 2 = 2^254 - 1/2.
        CheckedCase("mulDiv(-(2^255-1), 1, 2)", "-2^254+1") {
            try Int256.mulDiv(i("-57896044618658097711785492504343953926634992332820282019728792003956564819967"), i("1"), i("2"))
                .bitPattern
        },
        CheckedCase("mulDivFloor(-(2^255-1), 1, 2)", "-2^254") {
            try Int256.mulDivFloor(i("-57896044618658097711785492504343953926634992332820282019728792003956564819967"), i("1"), i("2"))
                .bitPattern
        },
        // (2^255 - 1)^2 / 2^255 = 2^255 - 2 + 2^-255.
        CheckedCase("mulDiv(2^255-1, 2^255-1, -2^255)", "-2^255+2") {
            try Int256.mulDiv(i("2^255-1"), i("2^255-1"), i("-2^255")).bitPattern
        },
        CheckedCase("mulDivFloor(2^255-1, 2^255-1, -2^255)", "-2^255+1") {
            try Int256.mulDivFloor(i("2^255-1"), i("2^255-1"), i("-2^255")).bitPattern
        },
        CheckedCase("mulDiv(-F8 small factor, F8 large factor, 2)", "-2^255") {
            try Int256.mulDiv(i("-" + fermatSmallFactor), i(fermatLargeFactor), i("2")).bitPattern
        },
        CheckedCase("mulDivFloor(-F8 small factor, F8 large factor, 2)", reverts: .arithmetic) {
            try Int256.mulDivFloor(i("-" + fermatSmallFactor), i(fermatLargeFactor), i("2")).bitPattern
        },
        CheckedCase("mulDivFloor(-2^255, -2^255, -2^255)", "-2^255") {
            try Int256.mulDivFloor(i("-2^255"), i("-2^255"), i("-2^255")).bitPattern
        },
        CheckedCase("mulDiv(-2^255, -2^255, -1)", reverts: .arithmetic) {
            try Int256.mulDiv(i("-2^255"), i("-2^255"), i("-1")).bitPattern
        },
        CheckedCase("mulDiv(3, 4, 0)", reverts: .divisionByZero) { try Int256.mulDiv(i("3"), i("4"), i("0")).bitPattern },
        CheckedCase("mulDivFloor(-2^255, -2^255, 0)", reverts: .divisionByZero) {
            try Int256.mulDivFloor(i("-2^255"), i("-2^255"), i("0")).bitPattern
        },
    ]

    @Test(arguments: signed) func signedKnownAnswers(_ row: CheckedCase) {
        #expect(shown(row.compute()) == shown(row.expected))
    }

    @Test func fermatFactorsMultiplyTo2To256Plus1() {
        #expect(number(MulDivEdgeCaseTests.fermatSmallFactor) * number(MulDivEdgeCaseTests.fermatLargeFactor)
            == number("2^256+1"))
    }

    static let roots: [(x: String, floor: String, ceiling: String)] = [
        ("0", "0", "0"), ("1", "1", "1"), ("2", "1", "2"), ("3", "1", "2"), ("4", "2", "2"), ("5", "2", "3"),
        ("2^64-1", "2^32-1", "2^32"), ("2^64", "2^32", "2^32"),
        ("2^254", "2^127", "2^127"),
        // sqrt(2^255) = 2^127 sqrt(2), between these two integers.
        ("2^255", "240615969168004511545033772477625056927", "240615969168004511545033772477625056928"),
        ("1000000000000000000000000000000000000", "1000000000000000000", "1000000000000000000"),
        ("999999999999999999999999999999999999", "999999999999999999", "1000000000000000000"),
        // (2^128 - 1)^2 = 2^256 - 2^129 + 1.
        ("2^256-680564733841876926926749214863536422911", "2^128-1", "2^128-1"),
        ("2^256-680564733841876926926749214863536422910", "2^128-1", "2^128"),
        ("2^256-1", "2^128-1", "2^128"),
    ]

    @Test func squareRootsKnownAnswers() {
        for row in MulDivEdgeCaseTests.roots {
            #expect(UInt256.isqrt(w(row.x)) == w(row.floor), "isqrt(\(row.x)) = \(row.floor)")
            #expect(UInt256.sqrtUp(w(row.x)) == w(row.ceiling), "sqrtUp(\(row.x)) = \(row.ceiling)")
        }
    }
}
