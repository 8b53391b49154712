import ContractIO

/// Finding and checking vector case files: what `margin vectors check`
/// and the release gate both do, in one place.
public enum VectorFiles {
    public struct File: Sendable {
        /// The path to read.
        public let path: String
        /// `operation/suite/case.json`, as the case names itself.
        public let relative: String
    }

    public enum Outcome: Sendable {
        case pass
        case mismatch(VectorCheck.Mismatch)
        /// The file is not a valid case (bad input): what is wrong and where.
        case malformed(String)
    }

    /// Largest case file read; the corpus's largest is far below.
    public static let maximumSize = JSONParser.maximumTextSize

    /// The case files named by `paths` (files, or folders searched for
    /// `.json` below them, not inside `traces/`), in a stable order.
    public static func find(_ paths: [String]) throws(FileFailure) -> [File] {
        var files: [File] = []
        for path in paths {
            switch FileKind.of(path) {
            case .missing:
                throw FileFailure(file: path, message: "no such file or folder")
            case .file:
                // A lone file: its last three path components name operation/suite/case.
                files.append(File(path: path, relative: path.split(separator: "/").suffix(3).joined(separator: "/")))
            case .folder:
                for relative in try FolderWalk.files(under: path, suffix: ".json", skipping: CorpusFolder.nonCaseFolders) {
                    files.append(File(path: path.hasSuffix("/") ? path + relative : path + "/" + relative, relative: relative))
                }
            }
        }
        return files
    }

    /// Reads and checks one case against the model.
    public static func check(_ file: File) -> Outcome {
        let json: JSONValue
        do {
            json = try JSONParser.parse(try InputSource.readAll(file.path, maximumSize: maximumSize))
        } catch let failure as FileFailure {
            return .malformed(failure.message)
        } catch {
            return .malformed("\(error)")
        }
        do {
            return try VectorCheck.check(json: json, relativePath: file.relative).map(Outcome.mismatch) ?? .pass
        } catch {
            return .malformed("\(error)")
        }
    }
}
