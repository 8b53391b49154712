import ArgumentParser
import Foundation

/// The `margin` tool. Exit codes are the same for every subcommand:
/// 0 ok, 1 a check failed, 2 usage or bad input, 3 internal error.
@main
struct Margin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "margin",
        abstract: "Bit-exact reference model and verifier for the MarginEngine dynamic-margin contract.",
        subcommands: [Eval.self, Plot.self, CI.self, Vectors.self, ScenarioCommand.self, Diff.self, Props.self, Arith.self]
    )

    /// ArgumentParser's own main exits 64 on usage errors; this one maps
    /// every outcome onto the tool's exit codes.
    static func main() {
        let status: ExitStatus
        do {
            var command = try parseAsRoot()
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
        Foundation.exit(status.rawValue)
    }
}
