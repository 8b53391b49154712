import ArgumentParser
import ContractIO
import Foundation
import Verification

extension Margin {
    /// `margin ci`: the release gate. Vectors, trace diffs and a property
    /// campaign in one command, one verdict, reports for people and machines.
    struct CI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ci",
            abstract: "Check vectors, diff traces and run a property campaign; exit 0 only when all pass.",
            discussion: """
                With no --config the defaults fit this repository: vectors in Vectors/, traces in
                Vectors/traces/, a 300-run property campaign. The JSON report follows
                Spec/ci-report.schema.json. When GITHUB_ACTIONS is set, failures are also printed as
                ::error annotations. Exit status: 0 all passed, 1 something failed, 2 bad config or input.
                """
        )

        @Option(help: "A JSON config file (see `margin ci --help`; every key optional).")
        var config: String?

        @Option(help: "Write a JUnit XML report: one test case per vector file, per trace, per invariant.")
        var junit: String?

        @Option(help: "Write the JSON report (Spec/ci-report.schema.json) to this file.")
        var json: String?

        @Option(help: "Seconds for the whole run; the property campaign gets what the other checks leave.")
        var timeBudget: Int?

        func run() throws {
            var settings = CIConfig()
            if let config {
                do { settings = try CIConfig(json: try InputFile.readJSON(config)) } catch let e as ToolFailure { throw e } catch {
                    throw ToolFailure.badInput("\(config): \(error)")
                }
            }
            if let timeBudget {
                guard timeBudget > 0 else { throw ToolFailure.badInput("--time-budget: expected a positive number of seconds") }
                settings.timeBudgetSeconds = timeBudget
            }
            let started = Date()
            var checks: [CICheck] = []
            checks += try CIRunner.vectors(settings.vectors)
            checks += try CIRunner.traces(settings.traces)
            let left = Double(settings.timeBudgetSeconds) - Date().timeIntervalSince(started)
            checks += CIRunner.properties(settings, timeBudget: max(left, 5))
            let seconds = Date().timeIntervalSince(started)

            print(CIReport.summary(checks, seconds: seconds))
            if let junit { try AtomicFile.write(CIReport.junit(checks), to: junit) }
            if let json { try AtomicFile.write(CanonicalJSON.render(CIReport.json(checks, seconds: seconds, config: settings)), to: json) }
            if ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" {
                for c in checks where !c.passed {
                    let place = c.file.map { "file=\($0)" + (c.line.map { ",line=\($0)" } ?? "") } ?? ""
                    let message = c.message.replacingOccurrences(of: "\n", with: "%0A")
                    print("::error \(place)::\(c.section) \(c.name): \(message)")
                }
            }
            if checks.contains(where: { !$0.passed }) { throw ExitStatus.checkFailed }
        }
    }
}

/// One line of the verdict: a vector file, a trace or an invariant.
struct CICheck {
    let section: String
    let name: String
    let passed: Bool
    /// What failed and where, for a person who did not run anything.
    let message: String
    let file: String?
    let line: Int?
    let seconds: Double
    /// Numbers for the summary (calls replayed, runs, ...).
    let count: Int
}
