#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A folder the tool writes files into (a vector corpus, regression
/// vectors). Names below it come from the tool, never from input, and are
/// still checked: plain relative names only (no `..`, no absolute path), and
/// no symbolic link is followed below the folder, so nothing is ever
/// written outside it.
public struct OutputFolder: Sendable {
    /// The folder as the user gave it, for messages.
    public let path: String

    /// Checks `path` (the value of `option`): an existing folder, or a new
    /// one whose parent exists; created when missing.
    public init(_ path: String, option: String) throws(FileFailure) {
        let shown = "\(option) \(DisplayText.escaped(path))"
        guard !path.isEmpty else { throw FileFailure(file: option, message: "an empty path, expected a folder") }
        self.path = path
        var status = stat()
        if stat(path, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFDIR else { throw FileFailure(file: shown, message: "exists and is not a folder") }
            guard access(path, W_OK) == 0 else { throw FileFailure(file: shown, message: "the folder is not writable") }
            return
        }
        guard errno == ENOENT else { throw FileFailure(file: shown, message: String(cString: strerror(errno))) }
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let parent = trimmed.lastIndex(of: "/").map { $0 == trimmed.startIndex ? "/" : String(trimmed[..<$0]) } ?? "."
        guard stat(parent, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw FileFailure(file: shown, message: "its parent folder \(DisplayText.escaped(parent)) does not exist")
        }
        guard mkdir(path, 0o755) == 0 else {
            throw FileFailure(file: shown, message: "cannot create the folder: \(String(cString: strerror(errno)))")
        }
    }

    /// Whether `relative` is a name the tool may write: `a/b/c.json` made of
    /// letters, digits, `.`, `_`, `-`, with no empty, `.` or `..` part.
    public static func isSafeRelativePath(_ relative: String) -> Bool {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { part in
            !part.isEmpty && part != "." && part != ".." && part.unicodeScalars.allSatisfy { c in
                switch c {
                case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": return true
                default: return false
                }
            }
        }
    }

    /// `folder/relative`.
    public func absolute(_ relative: String) -> String {
        path.hasSuffix("/") ? path + relative : path + "/" + relative
    }

    /// What is at `relative`: nothing, a regular file (with its bytes read
    /// on demand), or something else. Throws when a folder on the way is a
    /// symbolic link or not a folder.
    public enum Entry: Equatable { case missing, file, other }

    public func entry(_ relative: String) throws(FileFailure) -> Entry {
        try requireSafe(relative)
        let parts = relative.split(separator: "/").map(String.init)
        var current = path
        for (i, part) in parts.enumerated() {
            current = current.hasSuffix("/") ? current + part : current + "/" + part
            var status = stat()
            if lstat(current, &status) != 0 { return .missing }
            let type = status.st_mode & S_IFMT
            if i < parts.count - 1 {
                if type == S_IFLNK {
                    throw FileFailure(file: current, message: "is a symbolic link inside the output folder; the tool does not follow links there")
                }
                if type != S_IFDIR { throw FileFailure(file: current, message: "is not a folder, but the tool writes \(relative) below it") }
            } else {
                return type == S_IFREG ? .file : .other
            }
        }
        return .missing
    }

    /// The bytes of the regular file at `relative` (which `entry` found).
    public func read(_ relative: String, maximumSize: Int = 64 << 20) throws(FileFailure) -> [UInt8] {
        try InputSource.readAll(absolute(relative), maximumSize: maximumSize)
    }

    /// Writes `bytes` at `relative`, creating folders on the way, replacing
    /// the file atomically. Refuses a symbolic link on the way or at the end.
    public func write(_ bytes: [UInt8], at relative: String) throws(FileFailure) {
        if try entry(relative) == .other {
            throw FileFailure(file: absolute(relative), message: "is not a regular file (a link, a folder or a device); the tool does not write over it")
        }
        let parts = relative.split(separator: "/").map(String.init)
        var current = path
        for part in parts.dropLast() {
            current = current.hasSuffix("/") ? current + part : current + "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw FileFailure(file: current, message: "cannot create the folder: \(String(cString: strerror(errno)))")
            }
        }
        // entry() and the callers (the corpus manifest) decided ownership.
        try OutputFile.replace(absolute(relative), with: bytes, shown: absolute(relative))
    }

    /// Writes a new file at `relative`: an existing file with the same bytes
    /// is left as it is, one with other bytes is refused (it is not the
    /// tool's to overwrite).
    public func writeNew(_ bytes: [UInt8], at relative: String) throws(FileFailure) {
        switch try entry(relative) {
        case .missing: try write(bytes, at: relative)
        case .file:
            if try read(relative) != bytes {
                throw FileFailure(file: absolute(relative), message: "exists with other content; the tool does not overwrite a file it did not write (move it away first)")
            }
        case .other:
            throw FileFailure(file: absolute(relative), message: "is not a regular file; the tool does not write over it")
        }
    }

    /// Removes the regular file at `relative`, then each folder on its way
    /// up that it left empty (a folder with anything else in it stays).
    public func remove(_ relative: String) throws(FileFailure) {
        guard try entry(relative) == .file else { return }
        guard unlink(absolute(relative)) == 0 else {
            throw FileFailure(file: absolute(relative), message: "cannot remove: \(String(cString: strerror(errno)))")
        }
        var parts = relative.split(separator: "/").map(String.init)
        parts.removeLast()
        while !parts.isEmpty {
            if rmdir(absolute(parts.joined(separator: "/"))) != 0 { break }
            parts.removeLast()
        }
    }

    private func requireSafe(_ relative: String) throws(FileFailure) {
        guard OutputFolder.isSafeRelativePath(relative) else {
            throw FileFailure(file: DisplayText.escaped(relative), message: "not a plain relative file name; the tool writes only below its output folder")
        }
    }
}
