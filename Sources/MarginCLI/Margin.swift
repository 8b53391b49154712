import ArgumentParser
import ContractIO
import Foundation

/// The `margin` tool. Exit codes are the same for every subcommand:
/// 0 ok, 1 a check failed, 2 usage or bad input, 3 internal error.
@main
struct Margin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "margin",
        abstract: "Bit-exact reference model and verifier for the MarginEngine dynamic-margin contract.",
        discussion: """
            Every command exits 0 when all is well, 1 when a check failed (or a gate is incomplete), \
            2 on bad usage or bad input (the message names the file, the place and what was \
            expected) and 3 on an internal error. File arguments take - for standard input.

            Examples: margin eval --example; margin diff trace.jsonl; margin vectors generate --out \
            Vectors; margin ci --junit margin.xml --json-file margin.json
            """,
        version: Margin.version,
        subcommands: [Eval.self, Plot.self, CI.self, Vectors.self, ScenarioCommand.self, Diff.self, Props.self, Arith.self, Backtest.self]
    )

    /// `margin --version`: the tool and the Spec it implements.
    static let version = "margin 1.1.0 (MarginEngine spec \(StateFile.specVersion))"

    /// ArgumentParser's own main exits 64 on usage errors; this one maps
    /// every outcome onto the tool's exit codes.
    static func main() {
        var status: ExitStatus
        do {
            try RepeatedOptions.check(CommandLine.arguments.dropFirst())
            var command = try parseAsRoot()
            if let group = commandGroup(command) {
                // `margin` or `margin vectors` alone did nothing: a pipeline
                // that ran it must not read success.
                printToStandardError(helpMessage(for: group.type))
                let choices = group.type.configuration.subcommands.map { $0._commandName }
                throw ToolFailure.badInput("no subcommand given to `\(group.name)`; expected one of: \(choices.joined(separator: ", "))")
            }
            try command.run()
            status = .ok
        } catch let failure as ToolFailure {
            printToStandardError("margin: \(failure.message)")
            status = failure.status
        } catch let exit as ExitStatus {
            status = exit
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser's text goes to stdout.
                print(fullMessage(for: error))
                status = .ok
            } else if code == .validationFailure {
                printToStandardError(fullMessage(for: error))
                status = .badInput
            } else {
                printToStandardError("margin: internal error: \(error)")
                status = .internalError
            }
        }
        // A report that did not reach its reader (a full disk, a closed
        // pipe) must not end in success.
        if fflush(nil) != 0 {
            printToStandardError("margin: cannot write the report to standard output: \(String(cString: strerror(errno)))")
            if status == .ok || status == .checkFailed { status = .badInput }
        }
        Foundation.exit(status.rawValue)
    }

    /// The command groups, which do nothing without a subcommand.
    private static func commandGroup(_ command: ParsableCommand) -> (name: String, type: ParsableCommand.Type)? {
        switch command {
        case is Margin: ("margin", Margin.self)
        case is Vectors: ("margin vectors", Vectors.self)
        default: nil
        }
    }
}
