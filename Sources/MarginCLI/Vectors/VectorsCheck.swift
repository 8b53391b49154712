import ArgumentParser
import ContractIO
import Foundation
import Verification

extension Margin.Vectors {
    /// `margin vectors check`: runs each case on the model and compares everything.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check vector files or folders against the model.",
            discussion: """
                Every case is checked, also after a malformed one; the reports list each file as \
                passed, failed (the first differing field) or malformed (what is wrong and where). \
                Exit status: 0 all pass, 1 a case mismatches, 2 a malformed case or a bad path.

                Example: margin vectors check Vectors --junit vectors.xml
                """
        )

        @Argument(help: ArgumentHelp("Case files or folders (searched recursively for .json, skipping traces/).", valueName: "path"))
        var paths: [String]

        @OptionGroup var report: ReportOptions

        func validate() throws {
            if paths.isEmpty { throw ValidationError("Please give at least one vector file or folder.") }
        }

        func run() throws {
            let files: [VectorFiles.File]
            do { files = try VectorFiles.find(paths) } catch { throw ToolFailure(error) }
            let outputs = try report.files(inputs: paths + files.map(\.path))
            if files.isEmpty {
                throw ToolFailure.badInput("no .json case files under \(paths.map { DisplayText.escaped($0) }.joined(separator: ", ")): nothing to check")
            }
            var suite = JUnitReport(suiteName: "margin vectors check")
            var results: [(file: VectorFiles.File, outcome: VectorFiles.Outcome)] = []
            for file in files {
                let outcome = VectorFiles.check(file)
                results.append((file, outcome))
                var testCase = JUnitReport.TestCase(name: DisplayText.escaped(file.relative), className: "vector")
                switch outcome {
                case .pass: break
                case let .mismatch(m): testCase.failure = ("mismatch at \(m.path)", "expected \(m.expected)\nactual   \(m.actual)")
                case let .malformed(message): testCase.error = ("malformed case", message)
                }
                suite.cases.append(testCase)
            }
            let failed = results.filter { if case .mismatch = $0.outcome { return true } else { return false } }
            let malformed = results.filter { if case .malformed = $0.outcome { return true } else { return false } }
            let json = JSONValue.object([
                ("cases", .number(String(files.count))),
                ("passed", .number(String(files.count - failed.count - malformed.count))),
                ("failed", .number(String(failed.count))),
                ("malformed", .number(String(malformed.count))),
                ("failures", .array(results.compactMap { r -> JSONValue? in
                    switch r.outcome {
                    case .pass: return nil
                    case let .mismatch(m):
                        return .object([("file", .string(r.file.path)), ("status", .string("fail")), ("path", .string(m.path)),
                                        ("expected", .string(m.expected)), ("actual", .string(m.actual))])
                    case let .malformed(message):
                        return .object([("file", .string(r.file.path)), ("status", .string("malformed")), ("message", .string(message))])
                    }
                })),
            ])
            if report.json {
                print(CanonicalJSON.render(json), terminator: "")
            } else {
                for r in results {
                    switch r.outcome {
                    case .pass: break
                    case let .mismatch(m):
                        print("FAIL  \(DisplayText.escaped(r.file.path))\n  field     \(m.path)\n  expected  \(m.expected)\n  model     \(m.actual)")
                    case let .malformed(message):
                        print("MALFORMED  \(DisplayText.escaped(r.file.path))\n  \(DisplayText.escaped(message, maximumLength: 400))")
                    }
                }
                print("vectors: \(files.count - failed.count - malformed.count) passed, \(failed.count) failed"
                      + (malformed.isEmpty ? "" : ", \(malformed.count) malformed"))
            }
            try outputs.json?.writeReporting(CanonicalJSON.render(json))
            try outputs.junit?.writeReporting(suite.xml)
            if !report.json && GitHubAnnotation.enabled(environment: ProcessInfo.processInfo.environment) {
                for r in results {
                    switch r.outcome {
                    case .pass: break
                    case let .mismatch(m): print(GitHubAnnotation(file: r.file.path, message: "vector mismatch at \(m.path)").errorLine)
                    case let .malformed(message): print(GitHubAnnotation(file: r.file.path, message: "malformed vector case: \(message)").errorLine)
                    }
                }
            }
            if !malformed.isEmpty {
                throw ToolFailure.badInput("\(malformed.count) malformed case file(s), first \(DisplayText.escaped(malformed[0].file.path)): \(DisplayText.escaped(Self.message(malformed[0].outcome), maximumLength: 400))")
            }
            if !failed.isEmpty { throw ExitStatus.checkFailed }
        }

        private static func message(_ outcome: VectorFiles.Outcome) -> String {
            if case let .malformed(message) = outcome { return message }
            return ""
        }
    }
}
