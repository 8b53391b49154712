/// Streams a JSON Lines trace one frame at a time: memory stays bounded by
/// the longest accepted line. Errors name the file and line.
public final class TraceReader {
    public typealias Failure = FileFailure

    /// Longest accepted line; a longer one is refused rather than read.
    public static let maximumLineLength = JSONParser.maximumTextSize

    public let path: String
    private let lines: LineReader
    public var lineNumber: Int { lines.lineNumber }

    /// Opens `path` ("-" for standard input).
    public init(path: String) throws(Failure) {
        self.path = path
        lines = try LineReader(path: path, maximumLineLength: TraceReader.maximumLineLength)
    }

    /// The next frame, or nil at the end. Blank lines are skipped.
    public func next() throws(Failure) -> TraceFrame? {
        while let line = try lines.nextLineInPlace() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            // The common line decodes in place; the reference reader takes
            // the rest and words every refusal.
            if let frame = TraceLineDecoder.decode(line, lineNumber: lineNumber) { return frame }
            do {
                return try TraceReader.referenceFrame([UInt8](line), line: lineNumber)
            } catch {
                switch error {
                case let .json(error):
                    let truncated = lines.lastLineEndedWithNewline ? "" : " (the last line has no newline: the trace looks truncated)"
                    throw Failure(file: lines.name, line: lineNumber, message: "not a JSON call frame: \(error)\(truncated)")
                case let .frame(error):
                    throw Failure(file: lines.name, line: lineNumber, message: "\(error)")
                }
            }
        }
        return nil
    }

    /// Why the reference reader refused a line.
    enum LineError: Error {
        case json(JSONParser.Failure)
        case frame(JSONPathError)
    }

    /// The reference reader of one line: the JSON tree, then the frame's
    /// rules read from it (`TraceFrame(json:line:)`).
    static func referenceFrame(_ bytes: [UInt8], line: Int) throws(LineError) -> TraceFrame {
        let json: JSONValue
        do { json = try JSONParser.parse(bytes) } catch { throw .json(error) }
        do { return try TraceFrame(json: json, line: line) } catch { throw .frame(error) }
    }
}
