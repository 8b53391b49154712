/// The tool's exit codes, shared by every subcommand.
enum ExitStatus: Int32, Error {
    /// Everything passed.
    case ok = 0
    /// A check failed: a divergence, a failed property, a mismatching vector.
    case checkFailed = 1
    /// Usage error or bad input (malformed file, bad number, unknown op).
    case badInput = 2
    /// A bug in the tool itself.
    case internalError = 3
}

/// A failure to report on stderr as `margin: <message>` with its exit status.
struct ToolFailure: Error {
    let status: ExitStatus
    let message: String

    /// Bad input: names the file, the place in it and what was expected.
    static func badInput(_ message: String) -> ToolFailure {
        ToolFailure(status: .badInput, message: message)
    }
}
