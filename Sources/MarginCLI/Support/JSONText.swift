/// Minimal JSON text output for line-oriented formats, where the exact
/// shape of each line is part of the contract with the reader.
enum JSONText {
    /// `s` as a JSON string literal, quotes included (RFC 8259 escaping).
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A one-key object: `{"key": "value"}`.
    static func object(_ key: String, _ value: String) -> String {
        "{\(string(key)): \(string(value))}"
    }
}
