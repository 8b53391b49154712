#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists the files below a folder, in a stable order, without following
/// symbolic links to folders (a planted link cannot make the walk loop or
/// leave the folder).
public enum FolderWalk {
    /// Paths relative to `folder` of the files whose names end in `suffix`,
    /// sorted; top-level folders named in `skipping` are not entered. A
    /// name with a control character is refused: no honest file has one,
    /// and printed it could forge a line of CI output.
    public static func files(under folder: String, suffix: String, skipping: Set<String> = []) throws(FileFailure) -> [String] {
        var found: [String] = []
        try walk(folder, relative: "", suffix: suffix, skipping: skipping, depth: 0, into: &found)
        return found.sorted()
    }

    private static func walk(_ folder: String, relative: String, suffix: String, skipping: Set<String>, depth: Int,
                             into found: inout [String]) throws(FileFailure) {
        guard depth < 32 else { throw FileFailure(file: folder, message: "folders nested deeper than 32 levels") }
        guard let directory = opendir(folder) else {
            throw FileFailure(file: folder, message: "cannot list the folder: \(String(cString: strerror(errno)))")
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        for name in names.sorted() {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            let child = relative.isEmpty ? name : relative + "/" + name
            if DisplayText.hasControlCharacter(name) {
                throw FileFailure(file: path, message: "a file name with a control character (a line break, say); rename it")
            }
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                if depth == 0 && skipping.contains(name) { continue }
                try walk(path, relative: child, suffix: suffix, skipping: skipping, depth: depth + 1, into: &found)
            case S_IFREG, S_IFLNK:
                if name.hasSuffix(suffix) { found.append(child) }
            default:
                continue
            }
        }
    }
}

/// What a path names, following links: nothing, a folder, or a file
/// (regular, device or pipe).
public enum FileKind: Sendable {
    case missing, folder, file

    public static func of(_ path: String) -> FileKind {
        if path == "-" { return .file }
        var status = stat()
        guard stat(path, &status) == 0 else { return .missing }
        return (status.st_mode & S_IFMT) == S_IFDIR ? .folder : .file
    }
}
