/// Text from strangers (file names, JSON keys, values) made safe to print
/// on one line: control characters are shown as escapes, so that a name
/// can neither start a new line of output (a forged CI workflow command)
/// nor flood the terminal, and long values are shortened.
public enum DisplayText {
    /// Longest echoed value; the rest is shown as an ellipsis.
    public static let maximumLength = 120

    /// `s` with C0/C1 control characters and DEL as `\n`, `\r`, `\t` or
    /// `\u{..}`, and shortened to `maximumLength` characters.
    public static func escaped(_ s: String, maximumLength: Int = DisplayText.maximumLength) -> String {
        var out = ""
        var count = 0
        for scalar in s.unicodeScalars {
            if count >= maximumLength {
                out += "…"
                break
            }
            count += 1
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `s` holds a character that `escaped` would rewrite as a
    /// control character (a name no honest file has).
    public static func hasControlCharacter(_ s: String) -> Bool {
        s.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 || $0.value == 0x2029 }
    }
}
