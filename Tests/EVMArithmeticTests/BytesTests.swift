// 32-byte big-endian words, the EVM's memory and ABI form.
import ExactArithmetic
import EVMArithmetic
import Testing

@Suite("Big-endian bytes")
struct BytesTests {
    /// The word's bytes by definition: byte i is floor(x / 256^(31 - i)) mod 256.
    static func expectedBytes(_ word: UInt256) -> [UInt8] {
        let x = MPZ(word)
        return (0..<32).map { UInt8(x.flooredShiftedRight(8 * (31 - $0)).modTwoTo(8).word.w0) }
    }

    @Test func bigEndianBytesRoundTrip() async {
        // (word, length): the last `length mod 33` bytes read back as the
        // word mod 256^length, since shorter input is left-padded with zeros.
        await forAll(2) { o in
            let bytes = o[0].bigEndianBytes
            let length = Int(o[1].w0 % 33)
            return expectSame(bytes, BytesTests.expectedBytes(o[0]), "a.bigEndianBytes", o)
                && expectSame(Int256(bitPattern: o[0]).bigEndianBytes, bytes, "Int256(a).bigEndianBytes", o)
                && expectSame(UInt256(bigEndianBytes: bytes), o[0], "UInt256(bigEndianBytes: a.bigEndianBytes)", o)
                && expectSame(UInt256(bigEndianBytes: bytes.suffix(length)), MPZ(o[0]).modTwoTo(8 * length).word,
                              "UInt256(bigEndianBytes: last b mod 33 bytes of a)", o)
        }
    }

    @Test(arguments: [
        ([UInt8](), "0"), ([0x01], "1"), ([0x01, 0x00], "256"), ([0x00, 0x00, 0x2a], "42"),
        ([UInt8](repeating: 0xff, count: 32), "115792089237316195423570985008687907853269984665640564039457584007913129639935"),
        ([0x80] + [UInt8](repeating: 0, count: 31), "57896044618658097711785492504343953926634992332820282019728792003956564819968"),
        ([UInt8](repeating: 0, count: 31) + [0x07], "7"),
    ])
    func bigEndianBytesReadTheValue(bytes: [UInt8], decimal: String) {
        #expect(UInt256(bigEndianBytes: bytes) == MPZ(decimal)!.word)
    }

    @Test func moreThan32BytesAreRefused() {
        #expect(UInt256(bigEndianBytes: [UInt8](repeating: 0, count: 33)) == nil)
        #expect(UInt256(bigEndianBytes: [UInt8](repeating: 0xff, count: 33)) == nil)
        #expect(UInt256(bigEndianBytes: [0x01] + [UInt8](repeating: 0, count: 32)) == nil)
        #expect(UInt256(bigEndianBytes: [UInt8](repeating: 0, count: 64)) == nil)
    }

    @Test func signedWordsAreTwosComplementBytes() {
        #expect(Int256.minusOne.bigEndianBytes == [UInt8](repeating: 0xff, count: 32))
        #expect(Int256.min.bigEndianBytes == [0x80] + [UInt8](repeating: 0, count: 31))
        #expect(Int256.max.bigEndianBytes == [0x7f] + [UInt8](repeating: 0xff, count: 31))
        #expect(Int256(-2).bigEndianBytes == [UInt8](repeating: 0xff, count: 31) + [0xfe])
        #expect(UInt256(0x0102).bigEndianBytes == [UInt8](repeating: 0, count: 30) + [0x01, 0x02])
    }
}
