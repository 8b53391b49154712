import ArgumentParser
import ContractIO
import Foundation
import Verification

extension Margin.Vectors {
    /// `margin vectors generate`: writes the whole corpus, atomically.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the vector corpus to a folder.",
            discussion: """
                Deterministic: every run writes byte-identical files (the random-state suite \
                replays frozen scenarios, so tuning the call generator never changes it). The folder keeps a list of the \
                files the generator wrote, corpus-manifest.txt (each with its Keccak-256). --out must be a \
                new folder, an empty one, or one that holds such a manifest. Regeneration replaces the \
                listed files and removes those no longer generated; it never deletes or overwrites \
                anything else: other files in the folder (Vectors/traces, a README, hand-written cases) \
                are kept. It refuses, and writes nothing, when the folder is not empty and has no \
                manifest, when a generated file was changed by hand since, or when a new case would \
                land on a file the generator did not write. Each file is written atomically; the \
                manifest is written before and after, so an interrupted run leaves every file accounted \
                for.

                Example: margin vectors generate --out Vectors
                """
        )

        @Option(help: ArgumentHelp("Output folder, e.g. Vectors (see above for what happens to its content).", valueName: "dir"))
        var out: String

        func run() throws {
            let corpus: CorpusFolder
            do { corpus = try CorpusFolder(out, option: "--out") } catch { throw ToolFailure(error) }
            let cases = VectorCorpus.cases()
            var seen = Set<String>()
            var files: [(path: String, bytes: [UInt8])] = []
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
                    files.append((c.relativePath, Array(CanonicalJSON.render(try VectorRecorder.record(c)).utf8)))
                } catch {
                    problems.append("\(c.relativePath): \(error)")
                }
            }
            if !problems.isEmpty {
                // A generator bug: nothing is written.
                throw ToolFailure(status: .internalError, message: "the corpus is inconsistent, nothing written:\n  " + problems.joined(separator: "\n  "))
            }
            do { try corpus.replace(with: files) } catch { throw ToolFailure(error) }
            printToStandardError("margin vectors generate: \(files.count) cases written to \(DisplayText.escaped(out))")
        }
    }
}

