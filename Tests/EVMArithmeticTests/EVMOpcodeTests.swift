// Every EVM word opcode against the Yellow Paper's definition (Oracle),
// operands in stack order as the model takes them.
import ExactArithmetic
import EVMArithmetic
import Testing

@Suite("EVM opcodes against the Yellow Paper")
struct EVMOpcodeTests {
    @Test func addWrapsModulo2To256() async {
        await forAll(2) { o in expectSame(EVM.add(o[0], o[1]), Oracle.add(o[0], o[1]), "ADD", o) }
    }

    @Test func subWrapsModulo2To256() async {
        await forAll(2) { o in expectSame(EVM.sub(o[0], o[1]), Oracle.sub(o[0], o[1]), "SUB", o) }
    }

    @Test func mulKeepsLowHalfOfProduct() async {
        await forAll(2) { o in expectSame(EVM.mul(o[0], o[1]), Oracle.mul(o[0], o[1]), "MUL", o) }
    }

    @Test func divFloorsAndGivesZeroForZeroDivisor() async {
        await forAll(2, shaped: Shapes.divisorNearDividend) { o in
            expectSame(EVM.div(o[0], o[1]), Oracle.div(o[0], o[1]), "DIV", o)
        }
    }

    @Test func sdivTruncatesTowardZero() async {
        await forAll(2, shaped: Shapes.signedDivisorNearDividend) { o in
            expectSame(EVM.sdiv(o[0], o[1]), Oracle.sdiv(o[0], o[1]), "SDIV", o)
        }
    }

    @Test func modIsRemainderOrZero() async {
        await forAll(2, shaped: Shapes.divisorNearDividend) { o in
            expectSame(EVM.mod(o[0], o[1]), Oracle.mod(o[0], o[1]), "MOD", o)
        }
    }

    @Test func smodTakesTheDividendSign() async {
        await forAll(2, shaped: Shapes.signedDivisorNearDividend) { o in
            expectSame(EVM.smod(o[0], o[1]), Oracle.smod(o[0], o[1]), "SMOD", o)
        }
    }

    @Test func addmodReducesTheExactSum() async {
        await forAll(3, shaped: Shapes.modulus) { o in
            expectSame(EVM.addmod(o[0], o[1], o[2]), Oracle.addmod(o[0], o[1], o[2]), "ADDMOD", o)
        }
    }

    @Test func mulmodReducesTheExactProduct() async {
        await forAll(3, shaped: Shapes.modulus) { o in
            expectSame(EVM.mulmod(o[0], o[1], o[2]), Oracle.mulmod(o[0], o[1], o[2]), "MULMOD", o)
        }
    }

    @Test func expIsPowerModulo2To256() async {
        await forAll(2, shaped: Shapes.power) { o in
            expectSame(EVM.exp(o[0], o[1]), Oracle.exp(o[0], o[1]), "EXP", o)
        }
    }

    @Test func signextendCopiesTheSignBitOfByteB() async {
        await forAll(2, shaped: Shapes.index(upTo: 32)) { o in
            expectSame(EVM.signextend(o[0], o[1]), Oracle.signextend(o[0], o[1]), "SIGNEXTEND", o)
        }
    }

    @Test func comparisonsMatchIntegerOrder() async {
        await forAll(2) { o in
            let (a, b) = (o[0], o[1])
            return expectSame(EVM.lt(a, b), Oracle.lt(a, b), "LT", o)
                && expectSame(EVM.gt(a, b), Oracle.gt(a, b), "GT", o)
                && expectSame(EVM.slt(a, b), Oracle.slt(a, b), "SLT", o)
                && expectSame(EVM.sgt(a, b), Oracle.sgt(a, b), "SGT", o)
                && expectSame(EVM.eq(a, b), Oracle.eq(a, b), "EQ", o)
                && expectSame(EVM.iszero(a), Oracle.iszero(a), "ISZERO", o)
        }
    }

    @Test func bitwiseLogicActsOnEveryBit() async {
        await forAll(2) { o in
            let (a, b) = (o[0], o[1])
            return expectSame(EVM.and(a, b), Oracle.and(a, b), "AND", o)
                && expectSame(EVM.or(a, b), Oracle.or(a, b), "OR", o)
                && expectSame(EVM.xor(a, b), Oracle.xor(a, b), "XOR", o)
                && expectSame(EVM.not(a), Oracle.not(a), "NOT", o)
        }
    }

    @Test func byteExtractsBigEndianByte() async {
        await forAll(2, shaped: Shapes.index(upTo: 32)) { o in
            expectSame(EVM.byte(o[0], o[1]), Oracle.byte(o[0], o[1]), "BYTE", o)
        }
    }

    @Test func shlMultipliesByPowerOfTwo() async {
        await forAll(2, shaped: Shapes.index(upTo: 256)) { o in
            expectSame(EVM.shl(o[0], o[1]), Oracle.shl(o[0], o[1]), "SHL", o)
        }
    }

    @Test func shrFloorsDivisionByPowerOfTwo() async {
        await forAll(2, shaped: Shapes.index(upTo: 256)) { o in
            expectSame(EVM.shr(o[0], o[1]), Oracle.shr(o[0], o[1]), "SHR", o)
        }
    }

    @Test func sarFloorsSignedDivisionByPowerOfTwo() async {
        await forAll(2, shaped: Shapes.index(upTo: 256)) { o in
            expectSame(EVM.sar(o[0], o[1]), Oracle.sar(o[0], o[1]), "SAR", o)
        }
    }
}
