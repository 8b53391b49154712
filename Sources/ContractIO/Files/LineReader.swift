#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file, pipe or standard input one line at a time. A line longer
/// than `maximumLineLength` is refused as soon as that many bytes are seen,
/// before more memory is taken: the reader holds at most
/// `maximumLineLength` + 64 KiB, whatever the input (`/dev/zero`, a
/// multi-gigabyte line).
public final class LineReader {
    /// How messages name the input: its path, or "standard input".
    public let name: String
    public let maximumLineLength: Int
    /// 1-based number of the line last returned.
    public private(set) var lineNumber = 0
    /// False when the last line returned ended at the end of input without
    /// a newline (a truncated file, often).
    public private(set) var lastLineEndedWithNewline = true

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var scanned = 0
    private var atEnd = false
    private static let chunk = 1 << 16

    /// Opens `path` ("-" for standard input).
    public init(path: String, maximumLineLength: Int = 16 << 20) throws(FileFailure) {
        let (descriptor, owned) = try InputSource.open(path)
        self.descriptor = descriptor
        ownsDescriptor = owned
        name = InputSource.displayName(path)
        self.maximumLineLength = maximumLineLength
        buffer = .allocate(byteCount: LineReader.chunk * 2, alignment: 1)
    }

    deinit {
        buffer.deallocate()
        if ownsDescriptor { close(descriptor) }
    }

    /// The next line without its terminator ("\n" or "\r\n"), or nil at the
    /// end of input. Throws when a line is too long or the input cannot be read.
    public func nextLine() throws(FileFailure) -> [UInt8]? {
        guard let line = try nextLineInPlace() else { return nil }
        return [UInt8](line)
    }

    /// The next line as `nextLine()` gives it, but in the reader's own buffer,
    /// not copied: valid only until the next call (the trace reader decodes
    /// it there, allocating nothing for the line itself).
    public func nextLineInPlace() throws(FileFailure) -> UnsafeRawBufferPointer? {
        while true {
            if let newline = findNewline() {
                var lineEnd = newline
                if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = UnsafeRawBufferPointer(rebasing: buffer[start..<lineEnd])
                start = newline + 1
                scanned = start
                lineNumber += 1
                lastLineEndedWithNewline = true
                return line
            }
            if end - start > maximumLineLength { throw tooLong() }
            if atEnd {
                guard start < end else { return nil }
                let line = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
                start = end
                scanned = end
                lineNumber += 1
                lastLineEndedWithNewline = false
                return line
            }
            try fill()
        }
    }

    /// memchr: this scan is most of the reader's time on a long trace.
    private func findNewline() -> Int? {
        guard scanned < end, let base = buffer.baseAddress,
              let found = memchr(base + scanned, 0x0A, end - scanned) else {
            scanned = end
            return nil
        }
        return base.distance(to: UnsafeMutableRawPointer(found))
    }

    private func tooLong() -> FileFailure {
        FileFailure(file: name, line: lineNumber + 1,
                    message: "a line longer than \(LineReader.describe(maximumLineLength)), the limit for one line; is this the right file?")
    }

    static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    /// Reads one more chunk, first moving the unread bytes to the front and
    /// growing the buffer only as far as one maximal line needs.
    private func fill() throws(FileFailure) {
        if start > 0 {
            let pending = end - start
            if pending > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: pending) }
            scanned -= start
            end = pending
            start = 0
        }
        if buffer.count - end < LineReader.chunk {
            let needed = min(max(buffer.count * 2, end + LineReader.chunk), maximumLineLength + 1 + LineReader.chunk)
            if needed > buffer.count {
                let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: needed, alignment: 1)
                if end > 0 { larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: end) }
                buffer.deallocate()
                buffer = larger
            }
        }
        let room = min(LineReader.chunk, buffer.count - end)
        while true {
            let got = read(descriptor, buffer.baseAddress! + end, room)
            if got < 0 {
                if errno == EINTR { continue }
                throw FileFailure(file: name, line: lineNumber + 1, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            if got == 0 { atEnd = true } else { end += got }
            return
        }
    }
}
