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
                The sequence lists assets and markets, moves prices as random walks with jumps that trip
                breakers, trades toward the margin limits, liquidates, deleverages, changes parameters
                within and beyond the guardrails, and mixes in invalid calls. After each state-changing
                call it adds views of the accounts involved. The same options give the same file.
                Run it on the contract with Harness/run.py, then compare with `margin diff`.
                """
        )

        @Option(help: "Random seed (decimal).")
        var seed: UInt64 = 1

        @Option(help: "Number of state-changing calls after the set-up.")
        var calls: Int = 500

        @Option(help: "Number of trading accounts (2 to 32).")
        var traders: Int = 6

        @Option(help: "Number of markets (1 to 8).")
        var markets: Int = 3

        @Option(help: "Number of collateral assets (1 to 4).")
        var assets: Int = 2

        @Option(help: ArgumentHelp("Output file (written atomically; a device such as /dev/stdout is written through).", valueName: "file"))
        var out: String

        func validate() throws {
            guard (0...1_000_000).contains(calls) else { throw ValidationError("Please give --calls from 0 to 1000000.") }
            guard (2...32).contains(traders) else { throw ValidationError("Please give --traders from 2 to 32.") }
            guard (1...Constants.maxMarkets).contains(markets) else { throw ValidationError("Please give --markets from 1 to 8.") }
            guard (1...Constants.maxAssets).contains(assets) else { throw ValidationError("Please give --assets from 1 to 4.") }
        }

        func run() throws {
            let output = try OutputFile.checked(out, option: "--out")
            let scenario = ScenarioGenerator.generate(.init(seed: seed, calls: calls, traders: traders,
                                                            markets: markets, assets: assets))
            try output.writeReporting(CanonicalJSON.render(scenario.json))
            printToStandardError("margin scenario: \(scenario.calls.count) calls written to \(out)")
        }
    }
}
