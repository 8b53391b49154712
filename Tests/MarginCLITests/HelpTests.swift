import Foundation
import Testing

/// Every command's `--help` is pinned: a change to it is a decision, seen in
/// review as a change to `Help/<command>.txt`. Each has an example, and the
/// value names follow one convention.
@Suite struct HelpTests {
    static let commands = ["", "eval", "plot", "ci", "vectors", "vectors generate", "vectors check", "scenario", "diff", "props", "arith", "backtest"]

    static func fileName(_ command: String) -> String {
        (["margin"] + command.split(separator: " ").map(String.init)).joined(separator: "-") + ".txt"
    }

    @Test(arguments: commands)
    func helpIsPinned(_ command: String) throws {
        let words = command.split(separator: " ").map(String.init)
        let outcome = try MarginProcess.run(words + ["--help"], environment: ["COLUMNS": "80"])
        #expect(outcome.status == 0)
        let pinned = try String(contentsOfFile: RepositoryPaths.path("Tests/MarginCLITests/Help/" + Self.fileName(command)), encoding: .utf8)
        #expect(outcome.stdout == pinned, "margin \(command) --help changed; if on purpose, update Tests/MarginCLITests/Help/\(Self.fileName(command))")
        #expect(outcome.stdout.contains("Example"), "margin \(command) --help shows an example")
        // Paragraphs are wrapped by the parser alone: no line ends in a stray backslash or is cut short mid-sentence.
        #expect(!outcome.stdout.contains("\\\n"))
        for option in ["<out>", "<account>", "<vary>", "<K>", "<P>"] {
            #expect(!outcome.stdout.contains(option), "value names are <file>, <dir>, <n>, <seconds>...: \(option)")
        }
    }

    @Test func versionNamesTheToolAndTheSpec() throws {
        let outcome = try MarginProcess.run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("margin "))
        #expect(outcome.stdout.contains("MarginEngine spec 1.1.0)"))
    }

    /// A command group run alone did nothing; a pipeline must not read that
    /// as success. The help goes to stderr, stdout stays empty.
    @Test(arguments: [[], ["vectors"]])
    func groupWithoutSubcommandIsAUsageError(_ words: [String]) throws {
        let outcome = try MarginProcess.run(words)
        #expect(outcome.status == 2)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains("USAGE:"))
        #expect(outcome.stderr.contains("no subcommand given to `margin"))
        #expect(outcome.stderr.contains(words.isEmpty ? "eval, plot, ci, vectors" : "generate, check"))
    }

    /// Every option of every command, as ArgumentParser describes it: one
    /// declared as an array may repeat, any other given twice is a usage
    /// error rather than a silent last-one-wins.
    @Test func repeatedOptionsAreRefusedUnlessTheyCollect() throws {
        let dump = try MarginProcess.run(["--experimental-dump-help"])
        #expect(dump.status == 0)
        let tool = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var checked = 0
        func walk(_ command: [String: Any], path: [String]) throws {
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                let kind = argument["kind"] as? String
                guard kind == "option" || kind == "flag",
                    let long = (argument["names"] as? [[String: Any]])?.first(where: { $0["kind"] as? String == "long" })?["name"] as? String
                else { continue }
                let option = "--" + long
                let twice = kind == "option" ? [option + "=x", option + "=y"] : [option, option]
                let outcome = try MarginProcess.run(path + twice)
                let refused = outcome.stderr.contains("option \(option) is given more than once")
                if argument["isRepeating"] as? Bool == true {
                    #expect(!refused, "margin \(path.joined(separator: " ")) \(option) collects every occurrence")
                } else {
                    #expect(refused && outcome.status == 2, "margin \(path.joined(separator: " ")) \(option) given twice")
                }
                checked += 1
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                try walk(sub, path: path + [sub["commandName"] as? String ?? ""])
            }
        }
        try walk(try #require(tool["command"] as? [String: Any]), path: [])
        #expect(checked > 50)
    }
}
