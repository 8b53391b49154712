// Notation for known-answer tables: numbers are written the way they were
// derived by hand and read by GMP, never by the model's own parser.
import ExactArithmetic
import EVMArithmetic
import Testing

/// A word from a table: decimal ("42", "-7"), 0x-hex, or a signed power of
/// two with an optional offset ("2^255", "-2^255", "2^256-1", "-2^254+1" is
/// -2^254 + 1). Negative values become their two's complement (mod 2^256).
func w(_ text: String) -> UInt256 { number(text).word }

/// The exact number a table entry denotes (see `w`).
func number(_ text: String) -> MPZ {
    let negative = text.hasPrefix("-")
    let body = negative ? text.dropFirst() : Substring(text)
    guard body.hasPrefix("2^") else {
        let magnitude = body.hasPrefix("0x") ? MPZ(String(body.dropFirst(2)), base: 16)! : MPZ(String(body))!
        return negative ? -magnitude : magnitude
    }
    let rest = body.dropFirst(2)
    let exponentEnd = rest.firstIndex { $0 == "+" || $0 == "-" } ?? rest.endIndex
    let power = negative ? -MPZ.twoTo(Int(rest[..<exponentEnd])!) : MPZ.twoTo(Int(rest[..<exponentEnd])!)
    if exponentEnd == rest.endIndex { return power }
    let offset = number(String(rest[rest.index(after: exponentEnd)...]))
    return rest[exponentEnd] == "+" ? power + offset : power - offset
}

/// One known answer: a labelled call on words and the word it must return.
struct WordCase: Sendable, CustomTestStringConvertible {
    let label: String
    let compute: @Sendable () -> UInt256
    let expected: UInt256

    /// `call` is the expression as written in the table, e.g. "sdiv(-2^255, -1)".
    init(_ call: String, _ expected: String, _ compute: @escaping @Sendable () -> UInt256) {
        self.label = "\(call) = \(expected)"
        self.compute = compute
        self.expected = w(expected)
    }

    var testDescription: String { label }
}

/// One known answer of a checked operation: a value or a revert class.
struct CheckedCase: Sendable, CustomTestStringConvertible {
    let label: String
    let compute: @Sendable () -> Checked<UInt256>
    let expected: Checked<UInt256>

    init(_ call: String, _ expected: String, _ compute: @escaping @Sendable () throws -> UInt256) {
        self.label = "\(call) = \(expected)"
        self.compute = { outcome(compute) }
        self.expected = .success(w(expected))
    }

    init(_ call: String, reverts failure: ArithmeticFailure, _ compute: @escaping @Sendable () throws -> UInt256) {
        self.label = "\(call) reverts \(failure.name)"
        self.compute = { outcome(compute) }
        self.expected = .failure(failure)
    }

    var testDescription: String { label }
}

/// A table word as int256.
func i(_ text: String) -> Int256 { Int256(bitPattern: w(text)) }
