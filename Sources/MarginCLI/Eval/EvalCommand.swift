import ArgumentParser
import ContractIO
import EVMArithmetic
import MarginEngine

extension Margin {
    /// `margin eval`: the margin breakdown of every account in a state file.
    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval",
            abstract: "Evaluate equity, maintenance and initial margin of every account in a state file.",
            discussion: """
                The state file format is Spec/eval-state-format.md: every integer a decimal string, \
                addresses 0x-hex. Amounts print as exact WAD decimals (18 fractional digits, trailing \
                zeros dropped); --json prints the raw integers as strings, canonical JSON. A STATE-FILE of - \
                reads standard input.

                Examples: margin eval --example; margin eval state.json --at 1700000900 --json
                """
        )

        @Argument(help: ArgumentHelp("The state JSON file (Spec/eval-state-format.md); - reads standard input.", valueName: "state-file"))
        var stateFile: String?

        @Option(parsing: .unconditional, help: ArgumentHelp("Evaluate at this block.timestamp (decimal seconds) instead of the file's `timestamp`.", valueName: "seconds"))
        var at: String?

        @Flag(help: "Print one canonical JSON object instead of tables.")
        var json = false

        @Flag(help: "Use a built-in example state: four accounts, three correlated markets, one account near liquidation.")
        var example = false

        func validate() throws {
            if example == (stateFile != nil) {
                throw ValidationError("Please give a STATE-FILE or --example (exactly one).")
            }
        }

        func run() throws {
            let source = stateFile.map { DisplayText.escaped(InputSource.displayName($0)) } ?? "the built-in example"
            let document = try stateFile.map { path throws(ToolFailure) in try InputFile.readJSON(path) } ?? Self.exampleJSON()
            let file: StateFile
            do {
                file = try StateFile(json: document)
            } catch {
                throw ToolFailure.badInput("\(source): \(error)")
            }
            var now = file.timestamp
            if let at {
                guard JSONNode.isNumberSpelling(at, signed: false, hex: false), let value = try? UInt256(parsing: at) else {
                    throw ToolFailure.badInput("--at: \(JSONNode.quote(at)) is not a timestamp, expected an unsigned decimal without leading zeros")
                }
                now = value
            }
            do {
                try file.validateEvaluationTime(now)
            } catch {
                throw ToolFailure.badInput("\(source): \(error)")
            }
            var evaluations: [AccountEvaluation] = []
            for address in file.accounts {
                do {
                    evaluations.append(try AccountEvaluation(file.state, address, at: now))
                } catch {
                    // Validation admits only in-bounds states, where the Spec
                    // proves no evaluation reverts: reaching here is a bug.
                    throw ToolFailure(status: .internalError,
                                      message: "evaluating \(address) reverted (\(error)) on a validated state")
                }
            }
            if json {
                let report = JSONValue.object([
                    ("specVersion", .string(StateFile.specVersion)),
                    ("timestamp", .string(now.description)),
                    ("accounts", .array(evaluations.map(\.json))),
                ])
                print(CanonicalJSON.render(report), terminator: "")
            } else {
                print(EvalReport.text(evaluations, file: file, at: now, source: source))
            }
        }

        static func exampleJSON() throws(ToolFailure) -> JSONValue {
            do {
                return try JSONParser.parse(ExampleState.json)
            } catch {
                throw ToolFailure(status: .internalError, message: "built-in example: \(error)")
            }
        }
    }
}
