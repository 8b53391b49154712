import ContractIO

/// A command line the tool prints for a person to copy (a replay
/// command), with every word quoted for a POSIX shell: a file name such as
/// `t $(touch PWNED).jsonl` stays one literal word.
public enum ShellWord {
    /// `word` as is when it holds only characters no shell treats
    /// specially, otherwise in single quotes (`'` written as `'\''`).
    /// A word with a control character (no honest file name has one) is
    /// printed with it escaped, so that it cannot break the line.
    public static func quoted(_ word: String) -> String {
        if DisplayText.hasControlCharacter(word) { return quoted(DisplayText.escaped(word, maximumLength: Int.max)) }
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

    /// A whole command: each word quoted, joined by spaces.
    public static func command(_ words: [String]) -> String {
        words.map(quoted).joined(separator: " ")
    }
}
