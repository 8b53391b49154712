#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file the tool was asked to write (a report, a plot, a scenario),
/// checked before any work so that a run never ends in "cannot write":
/// not one of the inputs, not a folder, its folder present and writable.
/// A regular file is replaced atomically (a temporary sibling renamed over
/// it), so readers never see half of it; a device or pipe (`/dev/stdout`,
/// `/dev/null`, a FIFO) is written through; a symbolic link is followed
/// and its target written, the link itself left as it is.
public struct OutputFile: Sendable {
    enum Kind: Sendable { case regular, stream, standardStream(Int32) }

    /// The path as the user gave it, for messages.
    public let path: String
    /// Where the bytes go: `path` with symbolic links resolved.
    let target: String
    let kind: Kind

    /// Checks `path` as the output of `option` (for example "--junit").
    /// `inputs` are the files the same run reads: none of them may be
    /// written over.
    public init(_ path: String, option: String, inputs: [String] = []) throws(FileFailure) {
        self.path = path
        let shown = "\(option) \(DisplayText.escaped(path))"
        guard !path.isEmpty else { throw FileFailure(file: option, message: "an empty path, expected a file name") }
        if let descriptor = OutputFile.standardStream(path) {
            (target, kind) = (path, .standardStream(descriptor))
            return
        }
        var link = stat()
        if lstat(path, &link) != 0 {
            guard errno == ENOENT else { throw FileFailure(file: shown, message: OutputFile.reason(errno)) }
            try OutputFile.requireWritableFolder(of: path, shown: shown)
            (target, kind) = (path, .regular)
            return
        }
        var resolved = path
        if (link.st_mode & S_IFMT) == S_IFLNK {
            guard let real = realpath(path, nil) else {
                throw FileFailure(file: shown, message: "a symbolic link to a missing file or folder; give the target itself")
            }
            resolved = String(cString: real)
            free(real)
        }
        var status = stat()
        guard stat(resolved, &status) == 0 else { throw FileFailure(file: shown, message: OutputFile.reason(errno)) }
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            throw FileFailure(file: shown, message: "is a directory, expected a file name")
        case S_IFREG:
            for input in inputs {
                var other = stat()
                // "-" is whatever standard input is: a redirected file counts.
                let found = input == "-" ? fstat(STDIN_FILENO, &other) == 0 : stat(input, &other) == 0
                if found && other.st_dev == status.st_dev && other.st_ino == status.st_ino {
                    throw FileFailure(file: shown, message: "is also an input of this run (\(DisplayText.escaped(input))); writing it would destroy the input")
                }
            }
            guard access(resolved, W_OK) == 0 else { throw FileFailure(file: shown, message: "not writable: \(OutputFile.reason(errno))") }
            try OutputFile.requireWritableFolder(of: resolved, shown: shown)
            if status.st_size > 0 {
                guard OutputFile.isToolOutput(at: resolved, size: Int(status.st_size)) else {
                    throw FileFailure(file: shown, message: "exists and was not written by this tool (it is not empty, and not canonical JSON, "
                                      + "a JUnit report or an SVG as margin writes them); the tool does not overwrite a file it did not "
                                      + "write: remove it or name another file")
                }
            }
            (target, kind) = (resolved, .regular)
        case S_IFCHR, S_IFIFO, S_IFSOCK:
            guard access(resolved, W_OK) == 0 else { throw FileFailure(file: shown, message: "not writable: \(OutputFile.reason(errno))") }
            (target, kind) = (resolved, .stream)
        default:
            throw FileFailure(file: shown, message: "not a regular file or a device")
        }
    }

    /// Checks a set of outputs of one run: each as above, and no two the same file.
    public static func checkAll(_ outputs: [(option: String, path: String?)], inputs: [String]) throws(FileFailure) -> [String: OutputFile] {
        var checked: [String: OutputFile] = [:]
        for (option, path) in outputs {
            guard let path else { continue }
            let file = try OutputFile(path, option: option, inputs: inputs)
            if case .regular = file.kind, let twin = checked.first(where: { $0.value.target == file.target }) {
                throw FileFailure(file: "\(option) \(DisplayText.escaped(path))", message: "is also the file of \(twin.key); give each report its own file")
            }
            checked[option] = file
        }
        return checked
    }

    public func write(_ text: String) throws(FileFailure) {
        try write(Array(text.utf8))
    }

    /// Writes `bytes`; a full disk or any other write error is reported
    /// and leaves the previous file as it was.
    public func write(_ bytes: [UInt8]) throws(FileFailure) {
        switch kind {
        case let .standardStream(descriptor):
            try OutputFile.writeAll(bytes, to: descriptor, shown: path)
        case .stream:
            let descriptor = open(target, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw FileFailure(file: path, message: "cannot open: \(OutputFile.reason(errno))") }
            defer { close(descriptor) }
            try OutputFile.writeAll(bytes, to: descriptor, shown: path)
        case .regular:
            try OutputFile.replace(target, with: bytes, shown: path)
        }
    }

    /// Replaces the regular file at `target` (or creates it) atomically:
    /// a temporary sibling, written, synced and renamed over it. Callers
    /// have decided that the file is theirs to replace.
    static func replace(_ target: String, with bytes: [UInt8], shown path: String) throws(FileFailure) {
        let slash = target.lastIndex(of: "/")
        let folder = slash.map { String(target[...$0]) } ?? ""
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        var mode: mode_t = 0o644
        var existing = stat()
        if stat(target, &existing) == 0 { mode = existing.st_mode & 0o777 }
        var temporary = ""
        var descriptor: Int32 = -1
        for attempt in 0..<100 {
            // O_EXCL: a temporary name that already exists is someone else's file.
            temporary = "\(folder).\(name).margin-\(getpid())-\(attempt).tmp"
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw FileFailure(file: path, message: "cannot create a file beside it: \(OutputFile.reason(errno))") }
        do throws(FileFailure) {
            try OutputFile.writeAll(bytes, to: descriptor, shown: path)
            guard fsync(descriptor) == 0 else { throw FileFailure(file: path, message: "cannot write: \(OutputFile.reason(errno))") }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, target) == 0 else {
            let reason = OutputFile.reason(errno)
            unlink(temporary)
            throw FileFailure(file: path, message: "cannot replace: \(reason)")
        }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, shown: String) throws(FileFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw FileFailure(file: shown, message: "cannot write: \(reason(errno))")
            }
            offset += written
        }
    }

    /// Standard output and error by their device names: reopening them
    /// would truncate a file the shell redirected them to.
    private static func standardStream(_ path: String) -> Int32? {
        switch path {
        case "-", "/dev/stdout", "/proc/self/fd/1", "/dev/fd/1": return STDOUT_FILENO
        case "/dev/stderr", "/proc/self/fd/2", "/dev/fd/2": return STDERR_FILENO
        default: return nil
        }
    }

    private static func requireWritableFolder(of path: String, shown: String) throws(FileFailure) {
        let folder = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        var status = stat()
        guard stat(folder, &status) == 0 else {
            throw FileFailure(file: shown, message: "its folder \(DisplayText.escaped(folder)) does not exist")
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw FileFailure(file: shown, message: "\(DisplayText.escaped(folder)) is not a folder")
        }
        guard access(folder, W_OK) == 0 else {
            throw FileFailure(file: shown, message: "its folder \(DisplayText.escaped(folder)) is not writable")
        }
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Whether `bytes` are recognisably an earlier output of this tool:
    /// canonical JSON (as CanonicalJSON renders it, byte for byte), a JUnit
    /// report or an SVG as the tool writes them. Such a file may be replaced.
    /// A JSON file too large to parse here (a long scenario) counts when it
    /// starts the way canonical JSON does.
    static func isToolOutput(at path: String, size: Int) -> Bool {
        let large = size > JSONParser.maximumTextSize
        guard let bytes = try? InputSource.readPrefix(path, count: large ? 64 : size) else { return false }
        if bytes.starts(with: Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ".utf8)) { return true }
        if bytes.starts(with: Array("<svg xmlns=\"http://www.w3.org/2000/svg\" ".utf8)) { return true }
        if large { return bytes.starts(with: Array("{\n  \"".utf8)) }
        guard bytes.first == UInt8(ascii: "{"), let value = try? JSONParser.parse(bytes) else { return false }
        return Array(CanonicalJSON.render(value).utf8) == bytes
    }
}
