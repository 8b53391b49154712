/// What went wrong with a file the user named: `file:line: message`, or
/// `file: message` when no line applies.
public struct FileFailure: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let message: String

    public init(file: String, line: Int = 0, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        let name = DisplayText.escaped(file)
        return line > 0 ? "\(name):\(line): \(message)" : "\(name): \(message)"
    }
}
