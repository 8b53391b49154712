import ContractIO

/// A GitHub Actions workflow command (`::error file=…,line=…::message`).
/// GitHub reads every line of a job's stdout as a possible command, and a
/// pull request controls the names of the files a gate reads: so every
/// value is escaped as GitHub's toolkit does (`%`, CR and LF in the
/// message; also `:` and `,` in properties), and the command is one line.
public struct GitHubAnnotation: Sendable {
    public var file: String?
    public var line: Int?
    public var title: String?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, title: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.title = title
        self.message = message
    }

    /// Whether to print annotations: only inside a GitHub Actions job.
    public static func enabled(environment: [String: String]) -> Bool {
        environment["GITHUB_ACTIONS"] == "true"
    }

    /// The `::error` line.
    public var errorLine: String {
        var properties: [String] = []
        if let file { properties.append("file=" + GitHubAnnotation.escapeProperty(file)) }
        if let line { properties.append("line=\(line)") }
        if let title { properties.append("title=" + GitHubAnnotation.escapeProperty(title)) }
        let head = properties.isEmpty ? "::error" : "::error " + properties.joined(separator: ",")
        return head + "::" + GitHubAnnotation.escapeData(message)
    }

    static func escapeData(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default:
                // Other line breaks and controls are shown, not passed on.
                if DisplayText.hasControlCharacter(String(scalar)) { out += DisplayText.escaped(String(scalar)) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
    }
}
