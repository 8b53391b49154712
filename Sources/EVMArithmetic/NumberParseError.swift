/// Why a string is not a valid 256-bit integer. The description says what
/// was expected, for messages that name the file and place around it.
public enum NumberParseError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    /// A character that is not a digit of the base, at a 0-based offset.
    case invalidDigit(Character, offset: Int)
    /// "0x" with no digits after it.
    case missingHexDigits
    /// A minus sign with no digits after it.
    case missingDigitsAfterSign
    /// A minus sign where only unsigned values are allowed.
    case negativeUnsigned
    /// The value does not fit the type; `type` is "uint256" or "int256".
    case outOfRange(type: String)

    public var description: String {
        switch self {
        case .empty:
            return "empty string, expected a decimal or 0x-hex integer"
        case let .invalidDigit(character, offset):
            return "invalid digit \(String(reflecting: String(character))) at offset \(offset), expected a decimal or 0x-hex integer"
        case .missingHexDigits:
            return "\"0x\" without digits, expected hex digits after it"
        case .missingDigitsAfterSign:
            return "\"-\" without digits, expected a decimal or 0x-hex integer after the sign"
        case .negativeUnsigned:
            return "negative value, expected an unsigned integer"
        case let .outOfRange(type):
            return type == "uint256"
                ? "value out of range, expected 0 to 2^256 - 1 (uint256)"
                : "value out of range, expected -2^255 to 2^255 - 1 (int256)"
        }
    }
}
