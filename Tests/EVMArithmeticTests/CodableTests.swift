// The JSON form: every integer is a decimal string (0x-hex also read back);
// JSON numbers are refused because a parser may already have rounded them.
import ExactArithmetic
import EVMArithmetic
import Foundation
import Testing

@Suite("JSON through Codable")
struct CodableTests {
    @Test func jsonRoundTripsDecimalStrings() async {
        // Each input tuple is one JSON array of eight words, so every word
        // counts as an input: inputsPerOperation words in all. The same bits
        // go through as [UInt256] and as [Int256].
        let arity = 8
        let encoder = JSONEncoder(), decoder = JSONDecoder()
        await forAll(arity, inputs: (PropertyBudget.inputsPerOperation + arity - 1) / arity) { o in
            let unsigned = o.words, signed = o.words.map { Int256(bitPattern: $0) }
            let unsignedJSON = "[" + unsigned.map { "\"\(MPZ($0).text())\"" }.joined(separator: ",") + "]"
            let signedJSON = "[" + unsigned.map { "\"\(MPZ(signed: $0).text())\"" }.joined(separator: ",") + "]"
            let hexJSON = "[" + unsigned.map { "\"0x\(MPZ($0).text(base: 16))\"" }.joined(separator: ",") + "]"
            func text(_ data: Data?) -> String? { data.map { String(decoding: $0, as: UTF8.self) } }
            return expectSame(text(try? encoder.encode(unsigned)), unsignedJSON, "JSONEncoder [UInt256]", o)
                && expectSame(text(try? encoder.encode(signed)), signedJSON, "JSONEncoder [Int256]", o)
                && expectSame(try? decoder.decode([UInt256].self, from: Data(unsignedJSON.utf8)), unsigned,
                              "JSONDecoder [UInt256] decimal", o)
                && expectSame(try? decoder.decode([UInt256].self, from: Data(hexJSON.utf8)), unsigned,
                              "JSONDecoder [UInt256] hex", o)
                && expectSame(try? decoder.decode([Int256].self, from: Data(signedJSON.utf8)), signed,
                              "JSONDecoder [Int256]", o)
        }
    }

    struct Account: Codable, Equatable {
        var balance: UInt256
        var cash: Int256
    }

    @Test func jsonFieldsAreDecimalStrings() throws {
        let account = Account(balance: MPZ("1000000000000000000")!.word, cash: Int256(-5))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(account), as: UTF8.self)
        #expect(text == #"{"balance":"1000000000000000000","cash":"-5"}"#)
        #expect(try decoded(Account.self, text) == account)
        #expect(try decoded(Account.self, #"{"balance":"0xde0b6b3a7640000","cash":"-0x5"}"#) == account)
    }

    @Test(arguments: [
        "[1]", "[1.5]", "[-1]", "[null]", "[true]", #"[["1"]]"#, #"[{"value":"1"}]"#,
        #"[""]"#, #"["0x"]"#, #"["-1"]"#, #"[" 1"]"#, #"["1e18"]"#,
        #"["115792089237316195423570985008687907853269984665640564039457584007913129639936"]"#,
    ])
    func unsignedJSONRefusesNonStringsAndBadText(json: String) {
        #expect(throws: DecodingError.self) { try decoded([UInt256].self, json) }
    }

    @Test(arguments: [
        "[1]", "[-1]", "[null]", #"[""]"#, #"["--1"]"#, #"["abc"]"#,
        #"["57896044618658097711785492504343953926634992332820282019728792003956564819968"]"#,
        #"["-57896044618658097711785492504343953926634992332820282019728792003956564819969"]"#,
    ])
    func signedJSONRefusesNonStringsAndBadText(json: String) {
        #expect(throws: DecodingError.self) { try decoded([Int256].self, json) }
    }

    @Test func decodingErrorsNameTheProblem() {
        #expect {
            try decoded([UInt256].self, #"["12x"]"#)
        } throws: { error in
            guard case let DecodingError.dataCorrupted(context) = error else { return false }
            return context.debugDescription.contains("invalid digit \"x\" at offset 2")
        }
        #expect {
            try decoded([UInt256].self, "[12]")
        } throws: { error in
            guard case let DecodingError.dataCorrupted(context) = error else { return false }
            return context.debugDescription.contains("decimal or 0x-hex string")
        }
    }
}

/// JSONEncoder's output as text.
func encodedText<Value: Encodable>(_ value: Value) throws -> String {
    String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
}

/// JSONDecoder's reading of `text`.
func decoded<Value: Decodable>(_ type: Value.Type, _ text: String) throws -> Value {
    try JSONDecoder().decode(type, from: Data(text.utf8))
}
