import EVMArithmetic
import Foundation
import Testing

/// Address text: exactly "0x" and 40 hex digits, printed lowercase.
@Suite struct AddressTests {
    @Test func parsingRoundTripsAnyLowWord() throws {
        // Deterministic spread of 160-bit values, checked against the word parser.
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2_000 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            let word = UInt256(w0: x, w1: x.byteSwapped ^ 0x5555, w2: (x >> 7) & 0xFFFF_FFFF, w3: 0)
            let address = try #require(Address(word: word))
            let text = address.description
            #expect(text.count == 42 && text == text.lowercased())
            #expect(try Address(parsing: text) == address)
            #expect(try Address(parsing: text.uppercased().replacingOccurrences(of: "0X", with: "0x")) == address)
            #expect(try UInt256(parsing: text) == word, "the address digits are the word's hex digits: \(text)")
        }
    }

    @Test(arguments: ["", "0x", "0x123", "0x" + String(repeating: "0", count: 39) + "g",
                      "0x" + String(repeating: "f", count: 41), "1x" + String(repeating: "0", count: 40),
                      "0x" + String(repeating: "0", count: 39) + "é"])
    func malformedAddressIsRejected(text: String) {
        #expect(throws: AddressParseError.self) { try Address(parsing: text) }
    }

    @Test func wordsWithHighBitsAreNotAddresses() {
        #expect(Address(word: UInt256(w0: 0, w1: 0, w2: 1 << 32, w3: 0)) == nil)
        #expect(Address(word: UInt256(w0: 0, w1: 0, w2: 0xFFFF_FFFF, w3: 0)) != nil)
    }
}
