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
                With no --config the defaults fit this repository: vectors in Vectors/, traces in \
                Vectors/traces/, a 300-run property campaign. The verdict says what was checked. \
                PASS (exit 0) needs every configured section to have found something to check and \
                every check to pass; FAIL (exit 1) a failed check; INCOMPLETE (exit 1) checks the \
                time budget did not reach; ERROR (exit 2) a configured folder or file that could not \
                be read, or a malformed case or trace (the reports are still written and mark it). \
                The JSON report follows Spec/ci-report.schema.json. When GITHUB_ACTIONS is true, \
                failures are also printed as ::error annotations.

                \(GateConfig.keysHelp)

                Example: margin ci --junit margin.xml --json-file margin.json --time-budget 600
                """
        )

        @Option(help: ArgumentHelp("A JSON config file (keys above).", valueName: "file"))
        var config: String?

        @OptionGroup var report: ReportOptions

        @Option(parsing: .unconditional,
                help: ArgumentHelp("Seconds for the whole run (default: the config's, 600). Checks not started within it are reported as not run: INCOMPLETE.", valueName: "seconds"))
        var timeBudget: Int?

        func validate() throws {
            if let timeBudget, !(1...86_400).contains(timeBudget) {
                throw ValidationError("--time-budget must be from 1 to 86400 seconds.")
            }
        }

        func run() throws {
            var settings = GateConfig()
            if let config {
                do { settings = try GateConfig(json: try InputFile.readJSON(config)) } catch let e as ToolFailure { throw e } catch {
                    throw ToolFailure.badInput("\(DisplayText.escaped(InputSource.displayName(config))): \(error)")
                }
            }
            if let timeBudget { settings.timeBudgetSeconds = timeBudget }
            let outputs = try report.files(inputs: (config.map { [$0] } ?? []) + ReleaseGate.inputFiles(settings))
            let started = Date()
            let gate = ReleaseGate(config: settings, clock: { Date().timeIntervalSince(started) },
                                   progress: { label, total in ProgressBar(label, total: total) })
            let checks = gate.run()
            let seconds = Date().timeIntervalSince(started)

            let json = CanonicalJSON.render(GateReport.json(checks, seconds: seconds, config: settings))
            print(report.json ? json : GateReport.summary(checks, config: settings, seconds: seconds), terminator: report.json ? "" : "\n")
            try outputs.junit?.writeReporting(GateReport.junit(checks))
            try outputs.json?.writeReporting(json)
            if !report.json && GitHubAnnotation.enabled(environment: ProcessInfo.processInfo.environment) {
                for c in checks where c.status == .fail || c.status == .error {
                    print(GitHubAnnotation(file: c.file, line: c.line, title: "margin ci \(c.section)",
                                           message: "\(c.name): \(c.message)").errorLine)
                }
            }
            let verdict = GateReport.verdict(checks)
            if verdict != .pass { throw ExitStatus(rawValue: verdict.exitCode) ?? .internalError }
        }
    }
}
