import ArgumentParser
import ContractIO
import Foundation
import Verification

extension Margin.Vectors {
    /// `margin vectors check`: runs each case on the model and compares everything.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check vector files or folders against the model.",
            discussion: "Exit status: 0 all pass, 1 a case mismatches, 2 a malformed case file or bad path."
        )

        @Argument(help: "Case files or folders (searched recursively for .json, skipping traces/).")
        var paths: [String]

        @Flag(help: "Print one JSON object on stdout instead of text.")
        var json = false

        @Option(help: "Also write a JUnit XML report (one test case per vector file).")
        var junit: String?

        func validate() throws {
            if paths.isEmpty { throw ValidationError("Please give at least one vector file or folder.") }
        }

        func run() throws {
            let files = try Self.caseFiles(paths)
            if files.isEmpty { throw ToolFailure.badInput("no .json case files under \(paths.joined(separator: ", "))") }
            var failures: [(file: String, mismatch: VectorCheck.Mismatch)] = []
            var report = JUnitReport(suiteName: "margin vectors check")
            for file in files {
                let document = try InputFile.readJSON(file.path)
                let mismatch: VectorCheck.Mismatch?
                do {
                    mismatch = try VectorCheck.check(json: document, relativePath: file.relative)
                } catch {
                    throw ToolFailure.badInput("\(file.path): \(error)")
                }
                var testCase = JUnitReport.TestCase(name: file.relative, className: "vector")
                if let mismatch {
                    failures.append((file.path, mismatch))
                    testCase.failure = ("mismatch at \(mismatch.path)",
                                        "expected \(mismatch.expected)\nactual   \(mismatch.actual)")
                }
                report.cases.append(testCase)
            }
            if json {
                let value = JSONValue.object([
                    ("cases", .string(String(files.count))),
                    ("passed", .string(String(files.count - failures.count))),
                    ("failed", .string(String(failures.count))),
                    ("failures", .array(failures.map { f in
                        .object([("file", .string(f.file)), ("path", .string(f.mismatch.path)),
                                 ("expected", .string(f.mismatch.expected)), ("actual", .string(f.mismatch.actual))])
                    })),
                ])
                print(CanonicalJSON.render(value), terminator: "")
            } else {
                for f in failures {
                    print("FAIL  \(f.file)\n  field     \(f.mismatch.path)\n  expected  \(f.mismatch.expected)\n  model     \(f.mismatch.actual)")
                }
                print("vectors: \(files.count - failures.count) passed, \(failures.count) failed")
            }
            if let junit { try AtomicFile.write(report.xml, to: junit) }
            if !json && ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" {
                for f in failures { print("::error file=\(f.file)::vector mismatch at \(f.mismatch.path)") }
            }
            if !failures.isEmpty { throw ExitStatus.checkFailed }
        }

        /// Case files in a stable order, with paths relative to the folder given.
        static func caseFiles(_ paths: [String]) throws(ToolFailure) -> [(path: String, relative: String)] {
            var files: [(path: String, relative: String)] = []
            let fm = FileManager.default
            for path in paths {
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    throw .badInput("\(path): no such file or folder")
                }
                if !isDirectory.boolValue {
                    // A lone file: its last three path components name operation/suite/case.
                    let parts = path.split(separator: "/").suffix(3).joined(separator: "/")
                    files.append((path, parts))
                    continue
                }
                guard let enumerator = fm.enumerator(atPath: path) else { throw .badInput("\(path): cannot list the folder") }
                var found: [String] = []
                while let item = enumerator.nextObject() as? String {
                    if item.split(separator: "/").first.map({ CorpusFolder.preserved.contains(String($0)) }) == true { continue }
                    if item.hasSuffix(".json") { found.append(item) }
                }
                for item in found.sorted() { files.append(((path as NSString).appendingPathComponent(item), item)) }
            }
            return files
        }
    }
}
