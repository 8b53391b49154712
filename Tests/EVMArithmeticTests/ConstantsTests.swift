// The named words and the small-integer initialisers, against GMP.
import ExactArithmetic
import EVMArithmetic
import Testing

@Suite("Named constants")
struct ConstantsTests {
    @Test func namedWordsHaveTheirValues() {
        #expect(MPZ(UInt256.zero) == number("0"))
        #expect(MPZ(UInt256.one) == number("1"))
        #expect(MPZ(UInt256.max) == number("2^256-1"))
        #expect(MPZ(UInt256.wad) == number("1000000000000000000"))
        #expect(MPZ(Int256.zero) == number("0"))
        #expect(MPZ(Int256.one) == number("1"))
        #expect(MPZ(Int256.minusOne) == number("-1"))
        #expect(MPZ(Int256.min) == number("-2^255"))
        #expect(MPZ(Int256.max) == number("2^255-1"))
    }

    @Test func smallIntegersConvertExactly() async {
        await forAll(1) { o in
            let unsigned = o[0].w0, signed = Int64(bitPattern: o[0].w0)
            return expectSame(MPZ(UInt256(unsigned)), MPZ(UInt(unsigned)), "UInt256(a mod 2^64)", o)
                && expectSame(MPZ(Int256(signed)), MPZ(Int(signed)), "Int256(a mod 2^64 as Int64)", o)
                && expectSame(UInt256(integerLiteral: unsigned), UInt256(unsigned), "UInt256 literal", o)
                && expectSame(Int256(integerLiteral: signed), Int256(signed), "Int256 literal", o)
        }
    }
}
