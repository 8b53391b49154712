import ArgumentParser
import ContractIO
import MarginEngine
import Verification

extension Margin {
    /// `margin scenario`: a seeded random call sequence for the EVM harness.
    struct ScenarioCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scenario",
            abstract: "Generate a random but meaningful call sequence (Spec/scenario-format.md).",
            discussion: """
                The sequence lists assets and markets, moves prices as random walks with jumps that trip \
                breakers, trades toward the margin limits, liquidates, deleverages, changes parameters \
                within and beyond the guardrails, and mixes in invalid calls. After each state-changing \
                call it adds views of the accounts involved. The same options give the same file. \
                Run it on the contract with Harness/run.py, then compare with `margin diff`.

                Example: margin scenario --seed 7 --calls 500 --out s.json
                """
        )

        @Option(parsing: .unconditional, help: ArgumentHelp("Random seed, 0 to 2^64-1.", valueName: "n"))
        var seed: UInt64 = 1

        @Option(parsing: .unconditional, help: ArgumentHelp("Number of state-changing calls after the set-up (0 to 20000).", valueName: "n"))
        var calls: Int = 500

        @Option(parsing: .unconditional, help: ArgumentHelp("Number of trading accounts (2 to 32).", valueName: "n"))
        var traders: Int = 6

        @Option(parsing: .unconditional, help: ArgumentHelp("Number of markets (1 to 8).", valueName: "n"))
        var markets: Int = 3

        @Option(parsing: .unconditional, help: ArgumentHelp("Number of collateral assets (1 to 4).", valueName: "n"))
        var assets: Int = 2

        @Option(help: ArgumentHelp("Output file (written atomically; a device such as /dev/stdout is written through).", valueName: "file"))
        var out: String

        @Option(name: .customLong("coverage-file"), help: ArgumentHelp("Also write which sides of the Spec's checks the sequence takes on the model, as JSON (every check, with counts).", valueName: "file"))
        var coverageFile: String?

        /// A scenario is built in memory (about 7 KB a call): this keeps it
        /// under 150 MB.
        static let maximumCalls = 20_000

        func validate() throws {
            guard (0...Self.maximumCalls).contains(calls) else { throw ValidationError("--calls must be from 0 to \(Self.maximumCalls).") }
            guard (2...32).contains(traders) else { throw ValidationError("--traders must be from 2 to 32.") }
            guard (1...Constants.maxMarkets).contains(markets) else { throw ValidationError("--markets must be from 1 to 8.") }
            guard (1...Constants.maxAssets).contains(assets) else { throw ValidationError("--assets must be from 1 to 4.") }
        }

        func run() throws {
            let files: [String: OutputFile]
            do { files = try OutputFile.checkAll([("--out", out), ("--coverage-file", coverageFile)], inputs: []) } catch { throw ToolFailure(error) }
            var coverage = Coverage()
            let scenario = ScenarioGenerator.generate(.init(seed: seed, calls: calls, traders: traders,
                                                            markets: markets, assets: assets), coverage: &coverage)
            try files["--out"]!.writeReporting(CanonicalJSON.render(scenario.json))
            printToStandardError("margin scenario: \(scenario.calls.count) calls written to \(DisplayText.escaped(out))")
            let checks = SpecCheckCoverage(coverage)
            try files["--coverage-file"]?.writeReporting(CanonicalJSON.render(checks.json))
            printToStandardError(checks.reportLines(listedBy: "--coverage-file").joined(separator: "\n"))
        }
    }
}
