import ContractIO

/// A command line the tool prints for a person to copy (a replay
/// command), with every word quoted for a POSIX shell: a file name such as
/// `t $(touch PWNED).jsonl` stays one literal word.
public enum ShellWord {
    /// `word` as is when it holds only characters no shell treats
    /// specially, otherwise in single quotes (`'` written as `'\''`).
    /// A word with a control character (no honest file name has one) is
    /// written as `"$(printf '…')"` with the character as an octal escape:
    /// plain POSIX sh (dash too), one line, and still the same file.
    public static func quoted(_ word: String) -> String {
        if DisplayText.hasControlCharacter(word) {
            var format = ""
            for byte in word.utf8 {
                switch byte {
                case UInt8(ascii: "'"): format += "'\\''"
                case UInt8(ascii: "\\"): format += "\\\\"
                case UInt8(ascii: "%"): format += "%%"
                case 0x20..<0x7F: format.unicodeScalars.append(Unicode.Scalar(byte))
                default:
                    let octal = String(byte, radix: 8)
                    format += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
                }
            }
            return "\"$(printf '" + format + "')\""
        }
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".", "/", ":", "=", "@", "%", "+", ",": return true
            default: return false
            }
        }
        if plain { return word }
        var out = "'"
        for c in word { if c == "'" { out += "'\\''" } else { out.append(c) } }
        return out + "'"
    }

    /// A file operand: quoted, and made to start with `./` when it starts
    /// with `-`, so that it cannot be read as an option.
    public static func path(_ path: String) -> String {
        quoted(path.hasPrefix("-") ? "./" + path : path)
    }

    /// A whole command: each word quoted, joined by spaces.
    public static func command(_ words: [String]) -> String {
        words.map(quoted).joined(separator: " ")
    }
}
