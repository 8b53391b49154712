// Known answers for checked arithmetic at the type's edges, as Solidity 0.8
// and Vyper define it: overflow, underflow and int256.min / -1 revert with
// Panic(0x11); a zero divisor with Panic(0x12); int256.min % -1 is 0.
import ExactArithmetic
import EVMArithmetic
import Testing

@Suite("Checked arithmetic: known answers")
struct CheckedEdgeCaseTests {
    static let unsigned: [CheckedCase] = [
        CheckedCase("2^256-1 + 1", reverts: .arithmetic) { try w("2^256-1").checkedAdd(w("1")) },
        CheckedCase("2^255 + 2^255", reverts: .arithmetic) { try w("2^255").checkedAdd(w("2^255")) },
        CheckedCase("2^256-1 + 0", "2^256-1") { try w("2^256-1").checkedAdd(w("0")) },
        CheckedCase("2^255 + 2^255-1", "2^256-1") { try w("2^255").checkedAdd(w("2^255-1")) },
        CheckedCase("0 - 1", reverts: .arithmetic) { try w("0").checkedSub(w("1")) },
        CheckedCase("2^128 - 2^128+1", reverts: .arithmetic) { try w("2^128").checkedSub(w("2^128+1")) },
        CheckedCase("2^256-1 - 2^256-1", "0") { try w("2^256-1").checkedSub(w("2^256-1")) },
        CheckedCase("2^128 * 2^128", reverts: .arithmetic) { try w("2^128").checkedMul(w("2^128")) },
        CheckedCase("2 * 2^255", reverts: .arithmetic) { try w("2").checkedMul(w("2^255")) },
        CheckedCase("2^256-1 * 2^256-1", reverts: .arithmetic) { try w("2^256-1").checkedMul(w("2^256-1")) },
        CheckedCase("2^128 * 2^128-1", "2^256-340282366920938463463374607431768211456") {
            try w("2^128").checkedMul(w("2^128-1"))
        },
        CheckedCase("2^256-1 * 1", "2^256-1") { try w("2^256-1").checkedMul(w("1")) },
        CheckedCase("0 * 2^256-1", "0") { try w("0").checkedMul(w("2^256-1")) },
        CheckedCase("5 / 0", reverts: .divisionByZero) { try w("5").checkedDiv(w("0")) },
        CheckedCase("0 / 0", reverts: .divisionByZero) { try w("0").checkedDiv(w("0")) },
        CheckedCase("5 % 0", reverts: .divisionByZero) { try w("5").checkedMod(w("0")) },
        CheckedCase("2^256-1 / 2^256-1", "1") { try w("2^256-1").checkedDiv(w("2^256-1")) },
        CheckedCase("7 % 3", "1") { try w("7").checkedMod(w("3")) },
    ]

    static let signed: [CheckedCase] = [
        CheckedCase("(2^255-1) + 1", reverts: .arithmetic) { try i("2^255-1").checkedAdd(i("1")).bitPattern },
        CheckedCase("-2^255 + -1", reverts: .arithmetic) { try i("-2^255").checkedAdd(i("-1")).bitPattern },
        CheckedCase("-2^255 + -2^255", reverts: .arithmetic) { try i("-2^255").checkedAdd(i("-2^255")).bitPattern },
        CheckedCase("(2^255-1) + -2^255", "-1") { try i("2^255-1").checkedAdd(i("-2^255")).bitPattern },
        CheckedCase("-1 + -1", "-2") { try i("-1").checkedAdd(i("-1")).bitPattern },
        CheckedCase("-2^255 - 1", reverts: .arithmetic) { try i("-2^255").checkedSub(i("1")).bitPattern },
        CheckedCase("(2^255-1) - -1", reverts: .arithmetic) { try i("2^255-1").checkedSub(i("-1")).bitPattern },
        CheckedCase("0 - -2^255", reverts: .arithmetic) { try i("0").checkedSub(i("-2^255")).bitPattern },
        CheckedCase("-1 - -2^255", "2^255-1") { try i("-1").checkedSub(i("-2^255")).bitPattern },
        CheckedCase("-2^255 - -2^255", "0") { try i("-2^255").checkedSub(i("-2^255")).bitPattern },
        CheckedCase("-2^255 * -1", reverts: .arithmetic) { try i("-2^255").checkedMul(i("-1")).bitPattern },
        CheckedCase("-1 * -2^255", reverts: .arithmetic) { try i("-1").checkedMul(i("-2^255")).bitPattern },
        CheckedCase("2^127 * 2^128", reverts: .arithmetic) { try i("2^127").checkedMul(i("2^128")).bitPattern },
        CheckedCase("2^128 * -2^128", reverts: .arithmetic) { try i("2^128").checkedMul(i("-2^128")).bitPattern },
        CheckedCase("-2^127 * 2^128", "-2^255") { try i("-2^127").checkedMul(i("2^128")).bitPattern },
        CheckedCase("-2^255 * 1", "-2^255") { try i("-2^255").checkedMul(i("1")).bitPattern },
        CheckedCase("(2^255-1) * -1", "-57896044618658097711785492504343953926634992332820282019728792003956564819967") {
            try i("2^255-1").checkedMul(i("-1")).bitPattern
        },
        CheckedCase("-2^255 * 0", "0") { try i("-2^255").checkedMul(i("0")).bitPattern },
        CheckedCase("-1 * -1", "1") { try i("-1").checkedMul(i("-1")).bitPattern },
        CheckedCase("-2^255 / -1", reverts: .arithmetic) { try i("-2^255").checkedDiv(i("-1")).bitPattern },
        CheckedCase("-2^255 / 0", reverts: .divisionByZero) { try i("-2^255").checkedDiv(i("0")).bitPattern },
        CheckedCase("0 / 0", reverts: .divisionByZero) { try i("0").checkedDiv(i("0")).bitPattern },
        CheckedCase("-7 / 2", "-3") { try i("-7").checkedDiv(i("2")).bitPattern },
        CheckedCase("7 / -2", "-3") { try i("7").checkedDiv(i("-2")).bitPattern },
        CheckedCase("-7 / -2", "3") { try i("-7").checkedDiv(i("-2")).bitPattern },
        CheckedCase("-2^255 / 1", "-2^255") { try i("-2^255").checkedDiv(i("1")).bitPattern },
        CheckedCase("-2^255 / -2^255", "1") { try i("-2^255").checkedDiv(i("-2^255")).bitPattern },
        CheckedCase("-2^255 % -1", "0") { try i("-2^255").checkedMod(i("-1")).bitPattern },
        CheckedCase("-2^255 % 0", reverts: .divisionByZero) { try i("-2^255").checkedMod(i("0")).bitPattern },
        CheckedCase("-7 % 2", "-1") { try i("-7").checkedMod(i("2")).bitPattern },
        CheckedCase("7 % -2", "1") { try i("7").checkedMod(i("-2")).bitPattern },
        CheckedCase("-2^255 % (2^255-1)", "-1") { try i("-2^255").checkedMod(i("2^255-1")).bitPattern },
    ]

    @Test(arguments: unsigned) func uint256KnownAnswers(_ row: CheckedCase) {
        #expect(shown(row.compute()) == shown(row.expected))
    }

    @Test(arguments: signed) func int256KnownAnswers(_ row: CheckedCase) {
        #expect(shown(row.compute()) == shown(row.expected))
    }

    @Test func failuresCarrySolidityPanicCodes() {
        #expect(ArithmeticFailure.arithmetic.panicCode == 0x11)
        #expect(ArithmeticFailure.divisionByZero.panicCode == 0x12)
        // Panic(uint256): selector 0x4e487b71, then the code as one word.
        #expect(ArithmeticFailure.arithmetic.solidityRevertData
            == [0x4e, 0x48, 0x7b, 0x71] + [UInt8](repeating: 0, count: 31) + [0x11])
        #expect(ArithmeticFailure.divisionByZero.solidityRevertData
            == [0x4e, 0x48, 0x7b, 0x71] + [UInt8](repeating: 0, count: 31) + [0x12])
        #expect(ArithmeticFailure.arithmetic.vyperRevertData.isEmpty)
        #expect(ArithmeticFailure.divisionByZero.vyperRevertData.isEmpty)
        #expect(ArithmeticFailure.arithmetic.name == "arithmetic")
        #expect(ArithmeticFailure.divisionByZero.name == "division-by-zero")
    }
}
