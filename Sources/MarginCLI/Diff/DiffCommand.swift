import ArgumentParser
import ContractIO
import Foundation
import Verification

extension Margin {
    /// `margin diff`: replays a contract's execution trace on the model and
    /// compares return data, revert data and events byte for byte.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Replay an execution trace on the model and report where it diverges.",
            discussion: """
                The trace is JSON Lines in geth's callTracer shape with logs, one frame per line with its
                block (Spec/trace-format.md); it starts at the deployment. Exit status: 0 no divergence,
                1 divergence, 2 bad input.
                """
        )

        @Argument(help: "The trace file (JSON Lines).")
        var trace: String

        @Flag(help: "Report every divergence, not only the first.")
        var all = false

        @Option(help: "How many preceding calls to show before a divergence.")
        var context = 5

        @Flag(help: "Print one JSON object on stdout instead of text.")
        var json = false

        @Option(help: "Also write a JUnit XML report to this file.")
        var junit: String?

        func validate() throws {
            if context < 0 { throw ValidationError("Please give a --context of 0 or more.") }
        }

        func run() throws {
            let started = Date()
            let result: TraceDiff.Result
            let progress = ProgressBar("diff", total: nil)
            do {
                result = try TraceDiff.run(path: trace, all: all, contextSize: context) { progress.update($0) }
            } catch {
                progress.finish()
                throw ToolFailure.badInput("\(error)")
            }
            progress.finish()
            let seconds = Date().timeIntervalSince(started)
            if json {
                print(CanonicalJSON.render(DiffReport.json(result)), terminator: "")
            } else {
                print(DiffReport.text(result) { index in
                    "margin diff \(trace) --context \(max(context, 10))   # divergence at call \(index)"
                })
                printToStandardError(String(format: "margin diff: %d calls in %.2f s (%.0f calls/s)",
                                            result.calls, seconds, Double(result.calls) / max(seconds, 1e-9)))
            }
            if let junit {
                var report = JUnitReport(suiteName: "margin diff")
                var testCase = JUnitReport.TestCase(name: trace, className: "trace", seconds: seconds)
                if let first = result.divergences.first {
                    let body = DiffReport.text(result) { _ in "margin diff \(trace)" }
                    testCase.failure = ("divergence at call \(first.index) (\(first.field))", body)
                }
                report.cases.append(testCase)
                try AtomicFile.write(report.xml, to: junit)
            }
            if !json && ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" {
                for d in result.divergences {
                    print("::error file=\(trace),line=\(d.frame.line)::model diverges from the contract at call \(d.index): \(d.field)")
                }
            }
            if !result.divergences.isEmpty { throw ExitStatus.checkFailed }
        }
    }
}
