import ArgumentParser
import ContractIO
import Foundation
import Verification

extension Margin.Vectors {
    /// `margin vectors generate`: writes the whole corpus, atomically.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the vector corpus to a folder (replaced as a whole, atomically).",
            discussion: """
                Deterministic: the same --seed gives byte-identical files. The folder is written as a
                temporary sibling and renamed into place, so an interrupted run never leaves a
                half-written corpus. Existing non-case content of --out (such as Vectors/traces) is kept.
                """
        )

        @Option(help: "Output folder, e.g. Vectors.")
        var out: String

        @Option(help: "Seed of the random-state suite.")
        var seed: UInt64 = 1

        func run() throws {
            let cases = VectorCorpus.cases(seed: seed)
            var seen = Set<String>()
            var files: [(path: String, text: String)] = []
            var problems: [String] = []
            let progress = ProgressBar("vectors generate", total: cases.count)
            defer { progress.finish() }
            for (i, c) in cases.enumerated() {
                progress.update(i)
                guard seen.insert(c.relativePath).inserted else {
                    problems.append("two cases named \(c.relativePath)")
                    continue
                }
                do {
                    files.append((c.relativePath, CanonicalJSON.render(try VectorRecorder.record(c))))
                } catch {
                    problems.append("\(c.relativePath): \(error)")
                }
            }
            if !problems.isEmpty {
                // A generator bug: nothing is written.
                throw ToolFailure(status: .internalError, message: "the corpus is inconsistent, nothing written:\n  " + problems.joined(separator: "\n  "))
            }
            try CorpusFolder.replaceCases(in: out, with: files)
            printToStandardError("margin vectors generate: \(files.count) cases written to \(out)")
        }
    }
}

/// Replaces the case files of a corpus folder in one rename.
enum CorpusFolder {
    /// Sub-folders of a corpus that are not generated cases and survive regeneration.
    static let preserved: Set<String> = ["traces"]

    static func replaceCases(in folder: String, with files: [(path: String, text: String)]) throws(ToolFailure) {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: folder)
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).new-\(pid)")
        let retired = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).old-\(pid)")
        do {
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url)
            }
            if fm.fileExists(atPath: target.path) {
                for name in try fm.contentsOfDirectory(atPath: target.path) where preserved.contains(name) {
                    try fm.copyItem(at: target.appendingPathComponent(name), to: staging.appendingPathComponent(name))
                }
                guard rename(target.path, retired.path) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            }
            guard rename(staging.path, target.path) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            try? fm.removeItem(at: retired)
        } catch {
            try? fm.removeItem(at: staging)
            if !fm.fileExists(atPath: target.path) { _ = rename(retired.path, target.path) }
            throw .badInput("cannot write the corpus to \(folder): \(error.localizedDescription)")
        }
    }
}
