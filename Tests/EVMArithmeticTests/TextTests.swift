// Decimal and hex text: printing against GMP's digits, parsing every notation
// back, and the parse errors with what they name.
import ExactArithmetic
import EVMArithmetic
import Testing

@Suite("Decimal and hex text")
struct TextTests {
    // MARK: Properties against GMP's digits

    @Test func printingMatchesGMPDigitsAndParsesBack() async {
        // (value, style): style picks which printed form is parsed back.
        await forAll(2) { o in
            let word = o[0], signed = Int256(bitPattern: word), hex = MPZ(word).text(base: 16)
            guard expectSame(word.description, MPZ(word).text(), "a.description", o),
                  expectSame(signed.description, MPZ(signed: word).text(), "Int256(a).description", o),
                  expectSame(word.hexString, "0x" + hex, "a.hexString", o),
                  expectSame(word.paddedHexString, "0x" + String(repeating: "0", count: 64 - hex.count) + hex,
                             "a.paddedHexString", o)
            else { return false }
            switch o[1].w0 % 4 {
            case 0: return expectSame(UInt256(word.description), word, "UInt256(a.description)", o)
            case 1: return expectSame(UInt256(word.hexString), word, "UInt256(a.hexString)", o)
            case 2: return expectSame(UInt256(word.paddedHexString), word, "UInt256(a.paddedHexString)", o)
            default: return expectSame(Int256(signed.description), signed, "Int256(Int256(a).description)", o)
            }
        }
    }

    @Test func parsingReadsEveryUnsignedNotation() async {
        // (value, style): style picks the notation, leading zeros and letter case.
        await forAll(2) { o in
            let value = MPZ(o[0]), style = o[1]
            let zeros = String(repeating: "0", count: Int((style.w0 >> 8) % 4))
            let hex = value.text(base: 16)
            let text: String
            switch style.w0 % 4 {
            case 0: text = zeros + value.text()
            case 1: text = "0x" + zeros + hex
            case 2: text = "0X" + zeros + hex.uppercased()
            default: text = (style.w1 % 2 == 0 ? "0x" : "0X") + zeros + mixedCase(hex, style.w2)
            }
            return expectSame(parsed { try UInt256(parsing: text) }, .success(o[0]), "UInt256(parsing: \"\(text)\")", o)
                && (style.w3 % 4 != 0 || expectSame(UInt256(text), o[0], "UInt256(\"\(text)\")", o))
        }
    }

    @Test func parsingReadsEverySignedNotation() async {
        // (value, style): value read as int256; style picks the notation.
        await forAll(2) { o in
            let value = MPZ(signed: o[0]), expected = Int256(bitPattern: o[0]), style = o[1]
            let sign = value.signum < 0 ? "-" : ""
            let zeros = String(repeating: "0", count: Int((style.w0 >> 8) % 3))
            let magnitude = value.magnitude
            let text: String
            switch style.w0 % 3 {
            case 0: text = sign + zeros + magnitude.text()
            case 1: text = sign + "0x" + zeros + magnitude.text(base: 16)
            default: text = sign + "0X" + zeros + magnitude.text(base: 16).uppercased()
            }
            return expectSame(parsed { try Int256(parsing: text) }, .success(expected), "Int256(parsing: \"\(text)\")", o)
                && (style.w3 % 4 != 0 || expectSame(Int256(text), expected, "Int256(\"\(text)\")", o))
        }
    }

    @Test func parsingRefusesValuesOutsideTheType() async {
        // (a, b): pastUnsigned = a + 2^256 (1 + b mod 2^64) is above 2^256 - 1;
        // pastSigned = 2^255 + (a mod 2^255) is above 2^255 - 1, and its
        // negation minus one is below -2^255. b also picks the notation.
        await forAll(2) { o in
            let pastUnsigned = MPZ(o[0]) + MPZ.twoTo256 * (MPZ(UInt(o[1].w0)) + MPZ.one)
            let pastSigned = MPZ.twoTo255 + MPZ(o[0]).modTwoTo(255)
            let unsignedText = o[1].w1 % 2 == 0 ? pastUnsigned.text() : "0x" + pastUnsigned.text(base: 16)
            let signedText: String
            switch o[1].w2 % 4 {
            case 0: signedText = pastSigned.text()
            case 1: signedText = "-" + (pastSigned + MPZ.one).text()
            case 2: signedText = "0x" + pastSigned.text(base: 16)
            default: signedText = "-" + pastUnsigned.text()
            }
            return expectSame(parseError { try UInt256(parsing: unsignedText) }, .outOfRange(type: "uint256"),
                              "UInt256(parsing: \"\(unsignedText)\")", o)
                && expectSame(parseError { try Int256(parsing: signedText) }, .outOfRange(type: "int256"),
                              "Int256(parsing: \"\(signedText)\")", o)
        }
    }

    // MARK: Known answers

    static let twoTo256 = "115792089237316195423570985008687907853269984665640564039457584007913129639936"
    static let twoTo256MinusOne = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
    static let twoTo255 = "57896044618658097711785492504343953926634992332820282019728792003956564819968"
    static let twoTo255MinusOne = "57896044618658097711785492504343953926634992332820282019728792003956564819967"
    static let twoTo255PlusOne = "57896044618658097711785492504343953926634992332820282019728792003956564819969"

    @Test(arguments: [
        ("0", "0"), ("000", "0"), ("0x0", "0"), ("0X00", "0"), ("42", "42"), ("0042", "42"),
        ("0xff", "255"), ("0xFF", "255"), ("0XfF", "255"), ("0x00000000000000000000000000000000000000000000000000000000000000000000ff", "255"),
        ("18446744073709551616", "18446744073709551616"), ("0x10000000000000000", "18446744073709551616"),
        (twoTo256MinusOne, twoTo256MinusOne),
        ("0x" + String(repeating: "f", count: 64), twoTo256MinusOne),
        ("0x" + String(repeating: "F", count: 64), twoTo256MinusOne),
    ])
    func unsignedParsingReadsTheValue(text: String, decimal: String) throws {
        #expect(try UInt256(parsing: text) == MPZ(decimal)!.word, "UInt256(parsing: \"\(text)\")")
    }

    @Test(arguments: [
        ("", NumberParseError.empty),
        ("0x", .missingHexDigits), ("0X", .missingHexDigits),
        ("-1", .negativeUnsigned), ("-0", .negativeUnsigned), ("-0x1", .negativeUnsigned),
        ("12a", .invalidDigit("a", offset: 2)), ("0x12g", .invalidDigit("g", offset: 4)),
        (" 1", .invalidDigit(" ", offset: 0)), ("1 ", .invalidDigit(" ", offset: 1)),
        ("+1", .invalidDigit("+", offset: 0)), ("1_000", .invalidDigit("_", offset: 1)),
        ("1e18", .invalidDigit("e", offset: 1)), ("0x-1", .invalidDigit("-", offset: 2)),
        ("0b101", .invalidDigit("b", offset: 1)), ("0xx1", .invalidDigit("x", offset: 2)),
        ("12é", .invalidDigit("é", offset: 2)), ("😀", .invalidDigit("😀", offset: 0)),
        (twoTo256, .outOfRange(type: "uint256")),
        ("0x1" + String(repeating: "0", count: 64), .outOfRange(type: "uint256")),
        (twoTo256MinusOne + "0", .outOfRange(type: "uint256")),
    ])
    func unsignedParsingRejects(text: String, error: NumberParseError) {
        #expect(parseError { try UInt256(parsing: text) } == error, "UInt256(parsing: \"\(text)\")")
        #expect(UInt256(text) == nil)
    }

    @Test(arguments: [
        ("-1", "-1"), ("-0", "0"), ("0", "0"), ("-0x7b", "-123"), ("-0X7B", "-123"), ("0x7f", "127"), ("-007", "-7"),
        ("-" + twoTo255, "-" + twoTo255), (twoTo255MinusOne, twoTo255MinusOne),
        ("-0x8" + String(repeating: "0", count: 63), "-" + twoTo255),
        ("0x7" + String(repeating: "f", count: 63), twoTo255MinusOne),
    ])
    func signedParsingReadsTheValue(text: String, decimal: String) throws {
        #expect(try Int256(parsing: text) == Int256(bitPattern: MPZ(decimal)!.word), "Int256(parsing: \"\(text)\")")
    }

    @Test(arguments: [
        ("", NumberParseError.empty), ("0x", .missingHexDigits), ("-0x", .missingHexDigits),
        ("--1", .invalidDigit("-", offset: 1)), ("- 1", .invalidDigit(" ", offset: 1)), ("+1", .invalidDigit("+", offset: 0)),
        ("-12a", .invalidDigit("a", offset: 3)),
        (twoTo255, .outOfRange(type: "int256")), ("-" + twoTo255PlusOne, .outOfRange(type: "int256")),
        // Hex is the numeric value, not a bit pattern: 0x80...0 is 2^255.
        ("0x8" + String(repeating: "0", count: 63), .outOfRange(type: "int256")),
        ("0x" + String(repeating: "f", count: 64), .outOfRange(type: "int256")),
        (twoTo256, .outOfRange(type: "int256")), ("-" + twoTo256, .outOfRange(type: "int256")),
    ])
    func signedParsingRejects(text: String, error: NumberParseError) {
        #expect(parseError { try Int256(parsing: text) } == error, "Int256(parsing: \"\(text)\")")
        #expect(Int256(text) == nil)
    }

    @Test func loneMinusSignIsRejected() {
        #expect(parseError { try Int256(parsing: "-") } != nil)
        #expect(parseError { try UInt256(parsing: "-") } == .negativeUnsigned)
    }

    @Test func parseErrorsSayWhatWasExpected() {
        #expect(NumberParseError.invalidDigit("g", offset: 4).description
            == "invalid digit \"g\" at offset 4, expected a decimal or 0x-hex integer")
        #expect(NumberParseError.outOfRange(type: "uint256").description.contains("0 to 2^256 - 1"))
        #expect(NumberParseError.outOfRange(type: "int256").description.contains("-2^255 to 2^255 - 1"))
        #expect(NumberParseError.empty.description.contains("empty"))
        #expect(NumberParseError.missingHexDigits.description.contains("0x"))
        #expect(NumberParseError.negativeUnsigned.description.contains("unsigned"))
    }

    @Test(arguments: [
        ("0", "0", "0x0"),
        ("255", "255", "0xff"),
        ("18446744073709551615", "18446744073709551615", "0xffffffffffffffff"),
        ("18446744073709551616", "18446744073709551616", "0x10000000000000000"),
        ("10000000000000000000", "10000000000000000000", "0x8ac7230489e80000"),
        (twoTo256MinusOne, twoTo256MinusOne, "0x" + String(repeating: "f", count: 64)),
    ])
    func unsignedPrintsDecimalAndHex(value: String, decimal: String, hex: String) {
        let word = MPZ(value)!.word
        #expect(word.description == decimal)
        #expect(word.hexString == hex)
        let digits = hex.dropFirst(2)
        #expect(word.paddedHexString == "0x" + String(repeating: "0", count: 64 - digits.count) + digits)
    }

    @Test(arguments: [("0", "0"), ("-1", "-1"), ("-" + twoTo255, "-" + twoTo255), (twoTo255MinusOne, twoTo255MinusOne),
                      ("-10000000000000000000", "-10000000000000000000")])
    func signedPrintsDecimal(value: String, decimal: String) {
        #expect(Int256(bitPattern: MPZ(value)!.word).description == decimal)
    }
}

/// A parse's answer: the value or the `NumberParseError`. Any other error
/// is recorded as an issue of its own.
func parsed<Value>(
    _ body: () throws -> Value, sourceLocation: SourceLocation = #_sourceLocation
) -> Result<Value, NumberParseError> {
    do {
        return .success(try body())
    } catch let error as NumberParseError {
        return .failure(error)
    } catch {
        Issue.record("threw \(error), expected a value or a NumberParseError", sourceLocation: sourceLocation)
        return .failure(.empty)
    }
}

/// The parse error a call throws, or nil when it parses.
func parseError<Value>(
    _ body: () throws -> Value, sourceLocation: SourceLocation = #_sourceLocation
) -> NumberParseError? {
    guard case let .failure(error) = parsed(body, sourceLocation: sourceLocation) else { return nil }
    return error
}

/// `hex` with letters upper-cased where the bits of `pattern` are set.
func mixedCase(_ hex: String, _ pattern: UInt64) -> String {
    String(hex.enumerated().map { index, character in
        pattern >> UInt64(index % 64) & 1 == 1 ? Character(character.uppercased()) : character
    })
}
