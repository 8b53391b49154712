import ContractABI

/// A vector corpus folder and the manifest through which the generator
/// knows which of its files it wrote. Regeneration replaces and removes
/// only those; anything else in the folder (traces, notes, hand-written
/// cases) is kept, and a file the generator wrote but someone changed
/// since is refused rather than overwritten.
///
/// `corpus-manifest.txt` lists one generated file per line, as
/// `<Keccak-256 of its bytes, 0x-hex> <relative path>`, sorted by path,
/// after two comment lines. A folder that is not empty and has no manifest
/// is not a corpus the tool wrote: it is refused, so that `--out .` in a
/// repository deletes nothing.
public struct CorpusFolder {
    public static let manifestName = "corpus-manifest.txt"
    /// Sub-folders of a corpus that hold other things than cases (the
    /// committed EVM traces): case readers do not look inside.
    public static let nonCaseFolders: Set<String> = ["traces"]

    public let folder: OutputFolder

    public init(_ path: String, option: String) throws(FileFailure) {
        folder = try OutputFolder(path, option: option)
    }

    /// Replaces the previous generation by `files` (relative path, bytes).
    /// Order of work, so that an interruption leaves no file unaccounted
    /// for: check everything; write a manifest of the old and the new
    /// files; write the new files (each atomically); remove the old ones
    /// no longer generated; write the manifest of the new files.
    public func replace(with files: [(path: String, bytes: [UInt8])]) throws(FileFailure) {
        let previous = try readManifest()
        var newHashes: [String: String] = [:]
        for file in files {
            guard CorpusFolder.isCasePath(file.path) else {
                throw FileFailure(file: DisplayText.escaped(file.path), message: "not a plain relative file name for a corpus")
            }
            newHashes[file.path] = CorpusFolder.hash(file.bytes)
        }
        // Every file of the previous generation is as the tool wrote it.
        for (relative, hashes) in previous.sorted(by: { $0.key < $1.key }) {
            switch try folder.entry(relative) {
            case .missing: continue
            case .other:
                throw FileFailure(file: folder.absolute(relative), message: "is listed in \(CorpusFolder.manifestName) but is no longer a regular file; move it away first")
            case .file:
                if !hashes.contains(CorpusFolder.hash(try folder.read(relative))) {
                    throw FileFailure(file: folder.absolute(relative),
                                      message: "was changed since the tool generated it (it differs from \(CorpusFolder.manifestName)); nothing was written. Move it away or restore it, then generate again")
                }
            }
        }
        // No new file lands on a file the tool did not write.
        for file in files where previous[file.path] == nil {
            if try folder.entry(file.path) != .missing {
                throw FileFailure(file: folder.absolute(file.path),
                                  message: "is not listed in \(CorpusFolder.manifestName), so the tool did not write it; nothing was written. Move it away first")
            }
        }
        var transitional = previous
        for (relative, hash) in newHashes { transitional[relative, default: []].insert(hash) }
        try writeManifest(transitional)
        for file in files {
            if try folder.entry(file.path) == .file, try folder.read(file.path) == file.bytes { continue }
            try folder.write(file.bytes, at: file.path)
        }
        for relative in previous.keys.sorted() where newHashes[relative] == nil {
            try folder.remove(relative)
        }
        try writeManifest(newHashes.mapValues { [$0] })
    }

    /// The previous generation's files and their hashes (a path may carry
    /// two while a regeneration is under way); empty for an empty folder.
    func readManifest() throws(FileFailure) -> [String: Set<String>] {
        switch try folder.entry(CorpusFolder.manifestName) {
        case .missing:
            if let foreign = firstEntry() {
                throw FileFailure(file: folder.path,
                                  message: "is not empty and has no \(CorpusFolder.manifestName), so it is not a corpus this tool wrote (it holds \(DisplayText.escaped(foreign))); nothing was written. Give a new or empty folder")
            }
            return [:]
        case .other:
            throw FileFailure(file: folder.absolute(CorpusFolder.manifestName), message: "is not a regular file")
        case .file:
            break
        }
        let text = String(decoding: try folder.read(CorpusFolder.manifestName, maximumSize: 16 << 20), as: UTF8.self)
        var entries: [String: Set<String>] = [:]
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map(String.init) == CorpusFolder.headerLine else {
            throw FileFailure(file: folder.absolute(CorpusFolder.manifestName), line: 1,
                              message: "not a manifest this tool wrote (its first line is not the generator's header); nothing was written")
        }
        for (index, line) in lines.enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0].hasPrefix("0x"), parts[0].count == 66 else {
                throw FileFailure(file: folder.absolute(CorpusFolder.manifestName), line: index + 1,
                                  message: "expected \"<0x Keccak-256> <operation>/<suite>/<case>.json\"")
            }
            guard CorpusFolder.isCasePath(parts[1]) else {
                throw FileFailure(file: folder.absolute(CorpusFolder.manifestName), line: index + 1,
                                  message: "\(JSONNode.quote(parts[1])) is not a path the generator writes (<operation>/<suite>/<case>.json inside the folder); nothing was written")
            }
            entries[parts[1], default: []].insert(parts[0])
        }
        return entries
    }

    static let headerLine = "# Written by `margin vectors generate`: the files of this folder it generated, with the Keccak-256 of each."

    /// The only shape of path a corpus holds: `<operation>/<suite>/<case>.json`.
    static func isCasePath(_ relative: String) -> Bool {
        OutputFolder.isSafeRelativePath(relative) && relative.split(separator: "/").count == 3 && relative.hasSuffix(".json")
    }

    private func writeManifest(_ entries: [String: Set<String>]) throws(FileFailure) {
        var text = CorpusFolder.headerLine + "\n"
        text += "# Regeneration replaces and removes only these; everything else here is kept.\n"
        for relative in entries.keys.sorted() {
            for hash in entries[relative]!.sorted() { text += "\(hash) \(relative)\n" }
        }
        try folder.write(Array(text.utf8), at: CorpusFolder.manifestName)
    }

    /// The first name in the folder, if it has any.
    private func firstEntry() -> String? {
        guard let directory = opendir(folder.path) else { return nil }
        defer { closedir(directory) }
        var first: String?
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." && (first == nil || name < first!) { first = name }
        }
        return first
    }

    static func hash(_ bytes: [UInt8]) -> String {
        HexBytes.encode(Keccak256.hash(bytes))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
