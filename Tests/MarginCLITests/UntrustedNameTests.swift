import Foundation
import Testing

/// A release gate runs on pull requests, whose file names an attacker
/// chooses: no name may forge a workflow command or a shell command.
@Suite struct UntrustedNameTests {
    let fm = FileManager.default

    /// Every line GitHub would read as a workflow command is one of ours.
    func forgedCommands(_ stdout: String) -> [String] {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { $0.hasPrefix("::") && !$0.hasPrefix("::error ") && !$0.hasPrefix("::error::") }
    }

    @Test func aFileNameWithALineBreakCannotForgeAWorkflowCommand() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let vectors = folder.appendingPathComponent("vectors/deposit/basic")
        try fm.createDirectory(at: vectors, withIntermediateDirectories: true)
        let evil = "evil,line=1::x\n::warning title=injected::hello.json"
        try fm.copyItem(atPath: RepositoryPaths.path("Vectors/deposit/basic/usdc.json"), toPath: vectors.appendingPathComponent(evil).path)
        let config = folder.appendingPathComponent("ci.json")
        try "{\"vectors\": [\"\(folder.path)/vectors\"], \"traces\": [], \"props\": {\"runs\": 0}}".write(to: config, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["ci", "--config", config.path], environment: ["GITHUB_ACTIONS": "true"])
        #expect(outcome.status == 2, "a name no honest file has is refused: \(outcome.stdout)")
        #expect(forgedCommands(outcome.stdout).isEmpty, "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("\n::warning"))
        #expect(outcome.stdout.contains("\\n::warning"), "the name is shown escaped: \(outcome.stdout)")
    }

    @Test func propertiesOfAnAnnotationAreEscaped() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let vectors = folder.appendingPathComponent("vectors/deposit/basic")
        try fm.createDirectory(at: vectors, withIntermediateDirectories: true)
        var text = try String(contentsOfFile: RepositoryPaths.path("Vectors/deposit/basic/usdc.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"status\": \"success\"", with: "\"status\": \"revert\"")
        try text.write(to: vectors.appendingPathComponent("evil,line=1::x.json"), atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["vectors", "check", folder.appendingPathComponent("vectors").path],
                                            environment: ["GITHUB_ACTIONS": "true"])
        #expect(outcome.status == 1)
        let annotations = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("::error") }
        #expect(annotations.count == 1, "\(outcome.stdout)")
        #expect(annotations.first?.contains("evil%2Cline=1%3A%3Ax.json::") == true, "\(annotations)")
        #expect(forgedCommands(outcome.stdout).isEmpty)
    }

    @Test(arguments: ["t $(touch PWNED) `touch PWNED2` 'q'.jsonl", "-x $(touch PWNED).jsonl", "a\nb::error::$(touch PWNED) 100% \\ 'q'.jsonl"])
    func aPrintedReplayCommandRunsNoCommandHiddenInAName(_ name: String) throws {
        let folder = try RepositoryPaths.temporaryFolder()
        var lines = try String(contentsOfFile: RepositoryPaths.path("Vectors/traces/seed-13.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        lines[10] = lines[10].replacingOccurrences(of: "\"output\":\"0x", with: "\"output\":\"0xff")
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["diff", "--", name], currentDirectory: folder)
        #expect(outcome.status == 1)
        let replay = try #require(outcome.stdout.split(separator: "\n").first { $0.contains("replay:") })
        var command = String(replay.split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces)
        if let comment = command.range(of: "   #") { command = String(command[..<comment.lowerBound]) }
        // Run the printed line in a POSIX shell, with this margin first on PATH.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", command]
        shell.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = try MarginProcess.executable().deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "")
        shell.environment = environment
        shell.standardOutput = FileHandle.nullDevice
        shell.standardError = FileHandle.nullDevice
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 1, "the replay ran margin diff on the same trace: \(command)")
        #expect(!fm.fileExists(atPath: folder.appendingPathComponent("PWNED").path), "\(command)")
        #expect(!fm.fileExists(atPath: folder.appendingPathComponent("PWNED2").path), "\(command)")
    }
}
