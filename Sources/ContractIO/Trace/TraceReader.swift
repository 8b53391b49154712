#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams a JSON Lines trace one frame at a time: memory stays bounded by
/// the longest line. Errors name the file and line.
public final class TraceReader {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let message: String
        public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
    }

    /// Longest accepted line; a longer one is refused rather than read.
    public static let maximumLineLength = 16 << 20

    public let path: String
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    public private(set) var lineNumber = 0

    public init(path: String) throws(Failure) {
        guard let opened = fopen(path, "rb") else {
            throw Failure(file: path, line: 0, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        self.path = path
        file = opened
    }

    deinit {
        free(buffer)
        fclose(file)
    }

    /// The next frame, or nil at the end. Blank lines are skipped.
    public func next() throws(Failure) -> TraceFrame? {
        while true {
            let length = getline(&buffer, &capacity, file)
            guard length >= 0, let buffer else { return nil }
            lineNumber += 1
            if length > TraceReader.maximumLineLength {
                throw Failure(file: path, line: lineNumber,
                              message: "line of \(length) bytes, longer than the \(TraceReader.maximumLineLength >> 20) MiB limit")
            }
            let bytes = buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
                Array(UnsafeBufferPointer(start: $0, count: length))
            }
            let endsWithNewline = bytes.last == 0x0A
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { continue }
            let json: JSONValue
            do {
                json = try JSONParser.parse(bytes)
            } catch {
                let truncated = !endsWithNewline ? " (the last line has no newline: the trace looks truncated)" : ""
                throw Failure(file: path, line: lineNumber, message: "not a JSON call frame: \(error)\(truncated)")
            }
            do {
                return try TraceFrame(json: json, line: lineNumber)
            } catch {
                throw Failure(file: path, line: lineNumber, message: "\(error)")
            }
        }
    }
}
