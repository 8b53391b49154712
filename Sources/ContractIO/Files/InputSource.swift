#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file named on the command line, opened for reading: a regular file,
/// a pipe, a device or a process substitution (`<(...)`), or standard
/// input for `-`. A folder is refused by name.
public enum InputSource {
    /// How messages name `path`.
    public static func displayName(_ path: String) -> String {
        path == "-" ? "standard input" : path
    }

    /// A file descriptor to read `path` from, and whether the caller must
    /// close it (standard input is not ours to close).
    static func open(_ path: String) throws(FileFailure) -> (descriptor: Int32, owned: Bool) {
        if path == "-" { return (STDIN_FILENO, false) }
        if path.isEmpty { throw FileFailure(file: "\"\"", message: "an empty path, expected a file name") }
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileFailure(file: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        var status = stat()
        if fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw FileFailure(file: path, message: "is a directory, expected a file")
        }
        return (descriptor, true)
    }

    /// The first `count` bytes of `path` (fewer if it is shorter).
    public static func readPrefix(_ path: String, count: Int) throws(FileFailure) -> [UInt8] {
        let (descriptor, owned) = try open(path)
        defer { if owned { close(descriptor) } }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, count - filled) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            filled += got
        }
        return Array(bytes[..<filled])
    }

    /// The whole of `path`, refused once it grows past `maximumSize` bytes:
    /// memory stays bounded whatever the input (`/dev/zero` included).
    public static func readAll(_ path: String, maximumSize: Int) throws(FileFailure) -> [UInt8] {
        let (descriptor, owned) = try open(path)
        defer { if owned { close(descriptor) } }
        var bytes: [UInt8] = []
        let chunk = 1 << 16
        while true {
            if bytes.count > maximumSize {
                throw FileFailure(file: displayName(path),
                                  message: "larger than the \(maximumSize >> 20) MiB limit for this kind of file")
            }
            let before = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: chunk))
            let read = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + before, chunk)
            }
            let failure = errno
            bytes.removeLast(chunk - max(read, 0))
            if read < 0 {
                if failure == EINTR { continue }
                throw FileFailure(file: displayName(path), message: "cannot read: \(String(cString: strerror(failure)))")
            }
            if read == 0 { return bytes }
        }
    }
}
