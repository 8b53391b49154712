import ArgumentParser
import ContractIO

/// The report options every checking command shares, with one meaning
/// everywhere: `--json` prints the JSON report on stdout instead of text,
/// `--json-file` and `--junit` also write it to files. The files are
/// checked before any work.
struct ReportOptions: ParsableArguments {
    @Flag(help: "Print the report as one JSON object on stdout instead of text.")
    var json = false

    @Option(name: .customLong("json-file"), help: ArgumentHelp("Also write the JSON report to this file.", valueName: "file"))
    var jsonFile: String?

    @Option(help: ArgumentHelp("Also write a JUnit XML report to this file.", valueName: "file"))
    var junit: String?

    /// The report files, checked against the run's inputs.
    func files(inputs: [String]) throws(ToolFailure) -> (json: OutputFile?, junit: OutputFile?) {
        do {
            let checked = try OutputFile.checkAll([("--json-file", jsonFile), ("--junit", junit)], inputs: inputs)
            return (checked["--json-file"], checked["--junit"])
        } catch {
            throw ToolFailure(error)
        }
    }
}

extension ToolFailure {
    /// A file problem is bad input: the message names the file and what is wrong.
    init(_ failure: FileFailure) {
        self = .badInput("\(failure)")
    }
}

extension OutputFile {
    /// Checks one output path of a command (bad input, exit 2, when unusable).
    static func checked(_ path: String, option: String, inputs: [String] = []) throws(ToolFailure) -> OutputFile {
        do { return try OutputFile(path, option: option, inputs: inputs) } catch { throw ToolFailure(error) }
    }

    /// Writes, reporting a failure (a full disk, say) as a tool failure.
    func writeReporting(_ text: String) throws(ToolFailure) {
        do { try write(text) } catch { throw ToolFailure(error) }
    }
}
