// Known answers for the EVM opcodes at their edges, derived by hand from the
// Yellow Paper's definitions (the derivation is in the comment where it is
// not obvious).
import ExactArithmetic
import EVMArithmetic
import Testing

@Suite("EVM opcodes: known answers")
struct EVMEdgeCaseTests {
    /// Bytes 0x01 ... 0x20, most significant first: byte i of it is i + 1.
    static let countingBytes = "0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"

    static let division: [WordCase] = [
        WordCase("div(5, 0)", "0") { EVM.div(w("5"), w("0")) },
        WordCase("div(0, 0)", "0") { EVM.div(w("0"), w("0")) },
        WordCase("div(2^256-1, 1)", "2^256-1") { EVM.div(w("2^256-1"), w("1")) },
        WordCase("div(2^256-1, 2^256-1)", "1") { EVM.div(w("2^256-1"), w("2^256-1")) },
        WordCase("div(2^256-1, 2^128)", "2^128-1") { EVM.div(w("2^256-1"), w("2^128")) },
        WordCase("div(2^255, 2^256-1)", "0") { EVM.div(w("2^255"), w("2^256-1")) },
        WordCase("mod(5, 0)", "0") { EVM.mod(w("5"), w("0")) },
        WordCase("mod(2^256-1, 2^128)", "2^128-1") { EVM.mod(w("2^256-1"), w("2^128")) },
        WordCase("mod(2^255, 2^256-1)", "2^255") { EVM.mod(w("2^255"), w("2^256-1")) },
        // SDIV: the one quotient outside int256 wraps back to -2^255.
        WordCase("sdiv(-2^255, -1)", "-2^255") { EVM.sdiv(w("-2^255"), w("-1")) },
        WordCase("sdiv(-7, 2)", "-3") { EVM.sdiv(w("-7"), w("2")) },
        WordCase("sdiv(7, -2)", "-3") { EVM.sdiv(w("7"), w("-2")) },
        WordCase("sdiv(-7, -2)", "3") { EVM.sdiv(w("-7"), w("-2")) },
        WordCase("sdiv(7, 2)", "3") { EVM.sdiv(w("7"), w("2")) },
        WordCase("sdiv(-2^255, 0)", "0") { EVM.sdiv(w("-2^255"), w("0")) },
        WordCase("sdiv(-2^255, 1)", "-2^255") { EVM.sdiv(w("-2^255"), w("1")) },
        WordCase("sdiv(-2^255, 2)", "-2^254") { EVM.sdiv(w("-2^255"), w("2")) },
        WordCase("sdiv(-2^255, -2^255)", "1") { EVM.sdiv(w("-2^255"), w("-2^255")) },
        WordCase("sdiv(2^255-1, -2^255)", "0") { EVM.sdiv(w("2^255-1"), w("-2^255")) },
        // 2^255 / (2^255 - 1) is just above 1; truncated and negated: -1.
        WordCase("sdiv(-2^255, 2^255-1)", "-1") { EVM.sdiv(w("-2^255"), w("2^255-1")) },
        // SMOD: the remainder takes the dividend's sign.
        WordCase("smod(-7, 2)", "-1") { EVM.smod(w("-7"), w("2")) },
        WordCase("smod(7, -2)", "1") { EVM.smod(w("7"), w("-2")) },
        WordCase("smod(-7, -2)", "-1") { EVM.smod(w("-7"), w("-2")) },
        WordCase("smod(-8, 3)", "-2") { EVM.smod(w("-8"), w("3")) },
        WordCase("smod(-2^255, -1)", "0") { EVM.smod(w("-2^255"), w("-1")) },
        // 2^odd = 2 mod 3.
        WordCase("smod(-2^255, 3)", "-2") { EVM.smod(w("-2^255"), w("3")) },
        WordCase("smod(-2^255, 2^255-1)", "-1") { EVM.smod(w("-2^255"), w("2^255-1")) },
        WordCase("smod(2^255-1, -2^255)", "2^255-1") { EVM.smod(w("2^255-1"), w("-2^255")) },
        WordCase("smod(-5, 0)", "0") { EVM.smod(w("-5"), w("0")) },
    ]

    static let modular: [WordCase] = [
        WordCase("addmod(1, 2, 0)", "0") { EVM.addmod(w("1"), w("2"), w("0")) },
        WordCase("addmod(5, 7, 1)", "0") { EVM.addmod(w("5"), w("7"), w("1")) },
        // 2^256 = 1 mod (2^256 - 1).
        WordCase("addmod(2^256-1, 1, 2^256-1)", "1") { EVM.addmod(w("2^256-1"), w("1"), w("2^256-1")) },
        WordCase("addmod(2^256-1, 2^256-1, 2^256-1)", "0") { EVM.addmod(w("2^256-1"), w("2^256-1"), w("2^256-1")) },
        // 2^257 - 2 = 2 (2^256 - 2) + 2.
        WordCase("addmod(2^256-1, 2^256-1, 2^256-2)", "2") { EVM.addmod(w("2^256-1"), w("2^256-1"), w("2^256-2")) },
        // 2^256 = 4^128 = 1 mod 3.
        WordCase("addmod(2^255, 2^255, 3)", "1") { EVM.addmod(w("2^255"), w("2^255"), w("3")) },
        WordCase("addmod(2^256-1, 2, 2^255)", "1") { EVM.addmod(w("2^256-1"), w("2"), w("2^255")) },
        WordCase("mulmod(3, 5, 7)", "1") { EVM.mulmod(w("3"), w("5"), w("7")) },
        WordCase("mulmod(2^256-1, 2^256-1, 0)", "0") { EVM.mulmod(w("2^256-1"), w("2^256-1"), w("0")) },
        WordCase("mulmod(2^256-1, 2^256-1, 2^256-1)", "0") { EVM.mulmod(w("2^256-1"), w("2^256-1"), w("2^256-1")) },
        // 2^256 - 1 = 1 mod (2^256 - 2), and 1^2 = 1.
        WordCase("mulmod(2^256-1, 2^256-1, 2^256-2)", "1") { EVM.mulmod(w("2^256-1"), w("2^256-1"), w("2^256-2")) },
        // 2^256 - 1 = 2 mod (2^256 - 3), and 2^2 = 4.
        WordCase("mulmod(2^256-1, 2^256-1, 2^256-3)", "4") { EVM.mulmod(w("2^256-1"), w("2^256-1"), w("2^256-3")) },
        WordCase("mulmod(2^128, 2^128, 2^256-1)", "1") { EVM.mulmod(w("2^128"), w("2^128"), w("2^256-1")) },
        WordCase("mulmod(2^255, 2, 2^256-1)", "1") { EVM.mulmod(w("2^255"), w("2"), w("2^256-1")) },
        // 2^256 = 4 mod 12, so (2^256 - 1)^2 = 3^2 = 9 mod 12.
        WordCase("mulmod(2^256-1, 2^256-1, 12)", "9") { EVM.mulmod(w("2^256-1"), w("2^256-1"), w("12")) },
    ]

    static let exponentiation: [WordCase] = [
        WordCase("exp(0, 0)", "1") { EVM.exp(w("0"), w("0")) },
        WordCase("exp(0, 1)", "0") { EVM.exp(w("0"), w("1")) },
        WordCase("exp(0, 2^256-1)", "0") { EVM.exp(w("0"), w("2^256-1")) },
        WordCase("exp(1, 2^256-1)", "1") { EVM.exp(w("1"), w("2^256-1")) },
        WordCase("exp(3, 0)", "1") { EVM.exp(w("3"), w("0")) },
        WordCase("exp(2, 255)", "2^255") { EVM.exp(w("2"), w("255")) },
        WordCase("exp(2, 256)", "0") { EVM.exp(w("2"), w("256")) },
        WordCase("exp(2, 2^256-1)", "0") { EVM.exp(w("2"), w("2^256-1")) },
        WordCase("exp(2^128, 2)", "0") { EVM.exp(w("2^128"), w("2")) },
        WordCase("exp(-1, 2)", "1") { EVM.exp(w("-1"), w("2")) },
        WordCase("exp(-1, 3)", "-1") { EVM.exp(w("-1"), w("3")) },
        WordCase("exp(-1, 2^256-1)", "-1") { EVM.exp(w("-1"), w("2^256-1")) },
        WordCase("exp(10, 77)", "100000000000000000000000000000000000000000000000000000000000000000000000000000") {
            EVM.exp(w("10"), w("77"))
        },
        // 10^78 mod 2^256 (10^78 > 2^256).
        WordCase("exp(10, 78)", "73663286101470436611432119930496737173840122674875487684339327936694962880512") {
            EVM.exp(w("10"), w("78"))
        },
        // 3 has order 2^254 in the units mod 2^256, and 3^(2^(k-3)) = 1 + 2^(k-1) mod 2^k.
        WordCase("exp(3, 2^253)", "2^255+1") { EVM.exp(w("3"), w("2^253")) },
        WordCase("exp(3, 2^254)", "1") { EVM.exp(w("3"), w("2^254")) },
        WordCase("exp(5, 2^254)", "1") { EVM.exp(w("5"), w("2^254")) },
    ]

    static let shifts: [WordCase] = [
        WordCase("shl(0, 2^256-1)", "2^256-1") { EVM.shl(w("0"), w("2^256-1")) },
        WordCase("shl(1, 2^256-1)", "2^256-2") { EVM.shl(w("1"), w("2^256-1")) },
        WordCase("shl(255, 1)", "2^255") { EVM.shl(w("255"), w("1")) },
        WordCase("shl(255, 2^256-1)", "2^255") { EVM.shl(w("255"), w("2^256-1")) },
        WordCase("shl(256, 1)", "0") { EVM.shl(w("256"), w("1")) },
        WordCase("shl(1, 2^255)", "0") { EVM.shl(w("1"), w("2^255")) },
        WordCase("shl(64, 2^192+1)", "2^64") { EVM.shl(w("64"), w("2^192+1")) },
        WordCase("shl(2^255, 1)", "0") { EVM.shl(w("2^255"), w("1")) },
        WordCase("shl(2^256-1, 1)", "0") { EVM.shl(w("2^256-1"), w("1")) },
        // Shift amounts whose low limb is small: the whole word counts.
        WordCase("shl(2^64+1, 1)", "0") { EVM.shl(w("2^64+1"), w("1")) },
        WordCase("shl(2^128+8, 1)", "0") { EVM.shl(w("2^128+8"), w("1")) },
        WordCase("shr(0, 2^256-1)", "2^256-1") { EVM.shr(w("0"), w("2^256-1")) },
        WordCase("shr(4, 255)", "15") { EVM.shr(w("4"), w("255")) },
        WordCase("shr(64, 2^64)", "1") { EVM.shr(w("64"), w("2^64")) },
        WordCase("shr(192, 2^256-1)", "2^64-1") { EVM.shr(w("192"), w("2^256-1")) },
        WordCase("shr(255, 2^256-1)", "1") { EVM.shr(w("255"), w("2^256-1")) },
        WordCase("shr(256, 2^256-1)", "0") { EVM.shr(w("256"), w("2^256-1")) },
        WordCase("shr(2^255, 2^256-1)", "0") { EVM.shr(w("2^255"), w("2^256-1")) },
        WordCase("shr(2^64+1, 2^256-1)", "0") { EVM.shr(w("2^64+1"), w("2^256-1")) },
        // SAR floors: shifting a negative value never reaches 0, only -1.
        WordCase("sar(0, -1)", "-1") { EVM.sar(w("0"), w("-1")) },
        WordCase("sar(1, -1)", "-1") { EVM.sar(w("1"), w("-1")) },
        WordCase("sar(1, -3)", "-2") { EVM.sar(w("1"), w("-3")) },
        WordCase("sar(1, -4)", "-2") { EVM.sar(w("1"), w("-4")) },
        WordCase("sar(2, -5)", "-2") { EVM.sar(w("2"), w("-5")) },
        WordCase("sar(1, 3)", "1") { EVM.sar(w("1"), w("3")) },
        WordCase("sar(254, -2^255)", "-2") { EVM.sar(w("254"), w("-2^255")) },
        WordCase("sar(255, -2^255)", "-1") { EVM.sar(w("255"), w("-2^255")) },
        WordCase("sar(256, -2^255)", "-1") { EVM.sar(w("256"), w("-2^255")) },
        WordCase("sar(256, -1)", "-1") { EVM.sar(w("256"), w("-1")) },
        WordCase("sar(2^256-1, -2^255)", "-1") { EVM.sar(w("2^256-1"), w("-2^255")) },
        WordCase("sar(254, 2^255-1)", "1") { EVM.sar(w("254"), w("2^255-1")) },
        WordCase("sar(255, 2^255-1)", "0") { EVM.sar(w("255"), w("2^255-1")) },
        WordCase("sar(256, 2^255-1)", "0") { EVM.sar(w("256"), w("2^255-1")) },
        WordCase("sar(2^64+1, -5)", "-1") { EVM.sar(w("2^64+1"), w("-5")) },
        WordCase("sar(2^64+1, 5)", "0") { EVM.sar(w("2^64+1"), w("5")) },
    ]

    static let bytes: [WordCase] = [
        WordCase("byte(0, 0x0102...20)", "1") { EVM.byte(w("0"), w(countingBytes)) },
        WordCase("byte(15, 0x0102...20)", "16") { EVM.byte(w("15"), w(countingBytes)) },
        WordCase("byte(31, 0x0102...20)", "32") { EVM.byte(w("31"), w(countingBytes)) },
        WordCase("byte(32, 0x0102...20)", "0") { EVM.byte(w("32"), w(countingBytes)) },
        WordCase("byte(2^64, 0x0102...20)", "0") { EVM.byte(w("2^64"), w(countingBytes)) },
        WordCase("byte(2^64+31, 0x0102...20)", "0") { EVM.byte(w("2^64+31"), w(countingBytes)) },
        WordCase("byte(2^256-1, 0x0102...20)", "0") { EVM.byte(w("2^256-1"), w(countingBytes)) },
        WordCase("byte(0, 2^255)", "128") { EVM.byte(w("0"), w("2^255")) },
        WordCase("byte(31, 255)", "255") { EVM.byte(w("31"), w("255")) },
        WordCase("byte(30, 255)", "0") { EVM.byte(w("30"), w("255")) },
        // SIGNEXTEND(b, x): bit 8b + 7 of x fills every bit above it.
        WordCase("signextend(0, 0xff)", "-1") { EVM.signextend(w("0"), w("0xff")) },
        WordCase("signextend(0, 0x7f)", "0x7f") { EVM.signextend(w("0"), w("0x7f")) },
        WordCase("signextend(0, 0x1ff)", "-1") { EVM.signextend(w("0"), w("0x1ff")) },
        WordCase("signextend(0, 0x180)", "-128") { EVM.signextend(w("0"), w("0x180")) },
        WordCase("signextend(0, 0x17f)", "0x7f") { EVM.signextend(w("0"), w("0x17f")) },
        WordCase("signextend(1, 0x8000)", "-32768") { EVM.signextend(w("1"), w("0x8000")) },
        WordCase("signextend(1, 0xff7fff)", "0x7fff") { EVM.signextend(w("1"), w("0xff7fff")) },
        WordCase("signextend(30, 2^247)", "-2^247") { EVM.signextend(w("30"), w("2^247")) },
        WordCase("signextend(30, 2^247-1)", "2^247-1") { EVM.signextend(w("30"), w("2^247-1")) },
        WordCase("signextend(30, 2^255+2^247-1)", "2^247-1") {
            EVM.signextend(w("30"), (number("2^255") + number("2^247-1")).word)
        },
        WordCase("signextend(31, 2^255+5)", "2^255+5") { EVM.signextend(w("31"), w("2^255+5")) },
        WordCase("signextend(31, 0xff)", "0xff") { EVM.signextend(w("31"), w("0xff")) },
        WordCase("signextend(32, 0xff)", "0xff") { EVM.signextend(w("32"), w("0xff")) },
        WordCase("signextend(2^64, 0xff)", "0xff") { EVM.signextend(w("2^64"), w("0xff")) },
        WordCase("signextend(2^256-1, 0xff)", "0xff") { EVM.signextend(w("2^256-1"), w("0xff")) },
    ]

    static let comparisons: [WordCase] = [
        WordCase("lt(0, 2^256-1)", "1") { EVM.lt(w("0"), w("2^256-1")) },
        WordCase("slt(0, -1)", "0") { EVM.slt(w("0"), w("-1")) },
        WordCase("slt(-2^255, 2^255-1)", "1") { EVM.slt(w("-2^255"), w("2^255-1")) },
        WordCase("gt(2^255, 2^255-1)", "1") { EVM.gt(w("2^255"), w("2^255-1")) },
        WordCase("sgt(2^255, 2^255-1)", "0") { EVM.sgt(w("2^255"), w("2^255-1")) },
        WordCase("sgt(-1, -2)", "1") { EVM.sgt(w("-1"), w("-2")) },
        WordCase("eq(2^64, 2^64)", "1") { EVM.eq(w("2^64"), w("2^64")) },
        WordCase("eq(2^64, 2^128)", "0") { EVM.eq(w("2^64"), w("2^128")) },
        WordCase("iszero(0)", "1") { EVM.iszero(w("0")) },
        WordCase("iszero(2^255)", "0") { EVM.iszero(w("2^255")) },
        WordCase("not(0)", "2^256-1") { EVM.not(w("0")) },
        WordCase("and(2^256-1, 2^128)", "2^128") { EVM.and(w("2^256-1"), w("2^128")) },
        WordCase("or(2^255, 1)", "2^255+1") { EVM.or(w("2^255"), w("1")) },
        WordCase("xor(2^256-1, 2^255)", "2^255-1") { EVM.xor(w("2^256-1"), w("2^255")) },
    ]

    @Test(arguments: division) func divisionOpcodes(_ row: WordCase) { #expect(row.compute() == row.expected) }
    @Test(arguments: modular) func modularOpcodes(_ row: WordCase) { #expect(row.compute() == row.expected) }
    @Test(arguments: exponentiation) func expOpcode(_ row: WordCase) { #expect(row.compute() == row.expected) }
    @Test(arguments: shifts) func shiftOpcodes(_ row: WordCase) { #expect(row.compute() == row.expected) }
    @Test(arguments: bytes) func byteAndSignextendOpcodes(_ row: WordCase) { #expect(row.compute() == row.expected) }
    @Test(arguments: comparisons) func comparisonAndLogicOpcodes(_ row: WordCase) {
        #expect(row.compute() == row.expected)
    }
}
