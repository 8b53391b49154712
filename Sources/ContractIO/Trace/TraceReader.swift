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
        while let bytes = try lines.nextLine() {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let json: JSONValue
            do {
                json = try JSONParser.parse(bytes)
            } catch {
                let truncated = lines.lastLineEndedWithNewline ? "" : " (the last line has no newline: the trace looks truncated)"
                throw Failure(file: lines.name, line: lineNumber, message: "not a JSON call frame: \(error)\(truncated)")
            }
            do {
                return try TraceFrame(json: json, line: lineNumber)
            } catch {
                throw Failure(file: lines.name, line: lineNumber, message: "\(error)")
            }
        }
        return nil
    }
}
