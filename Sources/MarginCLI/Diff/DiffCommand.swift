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
                The trace is JSON Lines in geth's callTracer shape with logs, one frame per line with its \
                block (Spec/trace-format.md); it starts at the deployment of the governance extension, then \
                the engine's. Exit status: 0 no divergence, 1 divergence, 2 bad input. Geth and anvil traces \
                are read as Spec/trace-format.md says (debug_traceTransaction results with their block, one \
                per line).

                A governance call runs in the extension by DELEGATECALL: its nested frame (type, from, to, \
                input, output, error) is compared with what the Spec says, and its logs are the call's \
                events. A trace from an EVM that gives no call frames (Harness/run.py --evm revm) has every \
                log in the top frame: --flat-calls reads it, and the report says the frames were not checked.

                Every successful deleverage is audited: its counterparty must be a top-ranked eligible \
                position by adlScore at that block (Spec/operations/views.md, "Auditing the ranking"). \
                One that is not is reported as an ADL ranking finding, with the ranking: a keeper's \
                choice, not a divergence of the contract, so it fails nothing unless \
                --fail-on-adl-ranking is given.

                Example: margin diff t.jsonl --all --junit diff.xml
                """
        )

        @Argument(help: ArgumentHelp("The trace file (JSON Lines); - reads standard input.", valueName: "trace"))
        var trace: String

        @Flag(help: "Report every divergence, not only the first.")
        var all = false

        @Option(parsing: .unconditional, help: ArgumentHelp("How many preceding calls to show before a divergence.", valueName: "n"))
        var context = 5

        @Flag(name: .customLong("flat-calls"), help: "The trace has no nested call frames (revm through pyrevm): compare outcomes and events, not the delegation frames.")
        var flatCalls = false

        @Flag(name: .customLong("fail-on-adl-ranking"), help: "Exit 1 when a deleverage's counterparty was not a top-ranked eligible position (an ADL ranking finding).")
        var failOnADLRanking = false

        @OptionGroup var report: ReportOptions

        func validate() throws {
            if context < 0 { throw ValidationError("--context must be at least 0.") }
            if context > 1000 { throw ValidationError("--context must be at most 1000.") }
        }

        /// The command that replays this trace, quoted for a POSIX shell.
        func replayCommand() -> String {
            if trace == "-" { return "(the trace came from standard input: save it to a file to replay it with margin diff)" }
            return "margin diff \(ShellWord.path(trace))\(flatCalls ? " --flat-calls" : "") --context \(max(context, 10))"
        }

        func run() throws {
            let outputs = try report.files(inputs: [trace])
            let started = Date()
            let result: TraceDiff.Result
            let progress = ProgressBar("diff", total: nil)
            do {
                result = try TraceDiff.run(path: trace, all: all, contextSize: context, checksCallFrames: !flatCalls) {
                    progress.update($0)
                }
            } catch {
                progress.finish()
                throw ToolFailure.badInput("\(error)")
            }
            progress.finish()
            let seconds = Date().timeIntervalSince(started)
            let json = CanonicalJSON.render(DiffReport.json(result, failOnADLRanking: failOnADLRanking))
            if report.json {
                print(json, terminator: "")
            } else {
                print(DiffReport.text(result, failOnADLRanking: failOnADLRanking) { index in "\(replayCommand())   # divergence at call \(index)" })
                printToStandardError(String(format: "margin diff: %d calls in %.2f s (%.0f calls/s)",
                                            result.calls, seconds, Double(result.calls) / max(seconds, 1e-9)))
            }
            try outputs.json?.writeReporting(json)
            if let junit = outputs.junit {
                var suite = JUnitReport(suiteName: "margin diff")
                var testCase = JUnitReport.TestCase(name: DisplayText.escaped(trace), className: "trace", seconds: seconds)
                if let first = result.divergences.first {
                    let body = DiffReport.text(result) { _ in replayCommand() }
                    testCase.failure = ("divergence at call \(first.index) (\(first.field))", body)
                }
                DiffReport.addADLAudit(result, to: &testCase, failOnADLRanking: failOnADLRanking)
                suite.cases.append(testCase)
                try junit.writeReporting(suite.xml)
            }
            if !report.json && GitHubAnnotation.enabled(environment: ProcessInfo.processInfo.environment) {
                for d in result.divergences {
                    print(GitHubAnnotation(file: trace, line: d.frame.line,
                                           message: "model diverges from the contract at call \(d.index): \(d.field)").errorLine)
                }
                for f in result.adlAudit.findings where failOnADLRanking {
                    guard case let .trace(index, line) = f.place else { continue }
                    print(GitHubAnnotation(file: trace, line: line,
                                           message: "deleverage at call \(index): counterparty ranks \(f.ranking.rank) by adlScore, not 1").errorLine)
                }
            }
            if !result.passes(failOnADLRanking: failOnADLRanking) { throw ExitStatus.checkFailed }
        }
    }
}
