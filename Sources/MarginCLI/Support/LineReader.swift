#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file or stdin one line at a time with getline(3): memory stays
/// bounded by the longest line, however large the input.
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0

    /// Reads standard input.
    init() throws(ToolFailure) {
        // A FILE of our own over fd 0: the C library's `stdin` global is not
        // visible to Swift 6's concurrency checking.
        guard let opened = fdopen(STDIN_FILENO, "rb") else {
            throw .badInput("cannot read standard input: \(String(cString: strerror(errno)))")
        }
        file = opened
        ownsFile = false
    }

    /// Opens `path` for reading; fails with the system's reason.
    init(path: String) throws(ToolFailure) {
        guard let opened = fopen(path, "rb") else {
            let reason = String(cString: strerror(errno))
            throw .badInput("cannot open \(path): \(reason)")
        }
        file = opened
        ownsFile = true
    }

    deinit {
        free(buffer)
        if ownsFile { fclose(file) }
    }

    /// The next line without its line terminator ("\n" or "\r\n"), as raw
    /// bytes; nil at end of input.
    func nextLine() -> [UInt8]? {
        let length = getline(&buffer, &capacity, file)
        guard length >= 0, let buffer else { return nil }
        lineNumber += 1
        var end = length
        if end > 0 && buffer[end - 1] == 0x0A { end -= 1 }
        if end > 0 && buffer[end - 1] == 0x0D { end -= 1 }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: end) {
            Array(UnsafeBufferPointer(start: $0, count: end))
        }
    }
}
