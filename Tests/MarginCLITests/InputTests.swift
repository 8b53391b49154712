import Foundation
import Testing

/// Every file argument takes `-`, pipes and devices; a folder, a byte-order
/// mark, a negative option and an endless line get a clear message and
/// exit 2; memory stays bounded whatever the input.
@Suite struct InputTests {
    /// Runs margin under a 1 GiB address-space limit: a reader that grows
    /// with its input fails here instead of finishing.
    func boundedRun(_ arguments: String) throws -> MarginProcess.Outcome {
        try boundedShell("exec \"$0\" " + arguments)
    }

    /// Runs a shell script with "$0" the margin executable, under the limit.
    func boundedShell(_ script: String) throws -> MarginProcess.Outcome {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "ulimit -v 1048576; " + script, try MarginProcess.executable().path]
        let output = Pipe(), errors = Pipe()
        shell.standardOutput = output
        shell.standardError = errors
        shell.standardInput = FileHandle.nullDevice
        try shell.run()
        let out = output.fileHandleForReading.readDataToEndOfFile(), err = errors.fileHandleForReading.readDataToEndOfFile()
        shell.waitUntilExit()
        return .init(status: shell.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    @Test(arguments: ["diff /dev/zero", "arith /dev/zero", "eval /dev/zero", "vectors check /dev/zero", "ci --config /dev/zero",
                      "props --merge /dev/zero", "diff - < /dev/zero"])
    func anEndlessInputIsRefusedInBoundedMemory(_ arguments: String) throws {
        let outcome = try boundedRun(arguments)
        #expect(outcome.status == 2, "\(arguments): \(outcome.stderr.prefix(300))")
        #expect(outcome.stderr.contains("limit"), "\(arguments): names the limit: \(outcome.stderr.prefix(300))")
    }

    @Test func aDocumentOfTooManyValuesIsRefusedBeforeItsTreeGrows() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let array = "[" + Array(repeating: "1", count: 600_000).joined(separator: ",") + "]"
        try array.write(to: folder.appendingPathComponent("state.json"), atomically: true, encoding: .utf8)
        try (array + "\n").write(to: folder.appendingPathComponent("trace.jsonl"), atomically: true, encoding: .utf8)
        for arguments in ["eval \(folder.path)/state.json", "diff \(folder.path)/trace.jsonl"] {
            let outcome = try boundedRun(arguments)
            #expect(outcome.status == 2, "\(arguments): \(outcome.stderr.prefix(300))")
            #expect(outcome.stderr.contains("more than 500000 JSON values"), "\(outcome.stderr.prefix(300))")
        }
    }

    @Test func aLineOfSeveralGigabytesIsRefusedInBoundedMemory() throws {
        // 3 GB of 'a' with no newline, through a pipe.
        let outcome = try boundedShell("head -c 3000000000 /dev/zero | tr '\\0' a | \"$0\" diff -")
        #expect(outcome.status == 2, "\(outcome.stderr.prefix(300))")
        #expect(outcome.stderr.contains("standard input:1: a line longer than 4 MiB"), "\(outcome.stderr.prefix(300))")
    }

    @Test func standardInputAndPipesAreFiles() throws {
        let (state, _) = try EvalPlotScenarioTests.specExample()
        let fromFile = try MarginProcess.run(["eval", "--json", "-"], stdin: state)
        #expect(fromFile.status == 0, "eval -: \(fromFile.stderr)")
        let fromDevice = try MarginProcess.run(["eval", "--json", "/dev/stdin"], stdin: state)
        #expect(fromDevice.stdout == fromFile.stdout, "eval /dev/stdin: \(fromDevice.stderr)")
        let trace = try String(contentsOfFile: RepositoryPaths.path("Vectors/traces/seed-13.jsonl"), encoding: .utf8)
        for path in ["-", "/dev/stdin"] {
            let diff = try MarginProcess.run(["diff", path], stdin: trace)
            #expect(diff.status == 0, "diff \(path): \(diff.stderr)")
            let arith = try MarginProcess.run(["arith", path], stdin: "{\"op\": \"add\", \"args\": [\"1\", \"2\"]}\n")
            #expect(arith.stdout == "{\"result\": \"3\"}\n", "arith \(path)")
        }
    }

    @Test(arguments: [["eval"], ["diff"], ["arith"], ["vectors", "check"], ["ci", "--config"], ["props", "--merge"], ["plot", "--out", "/dev/null"]])
    func aFolderIsNamedAsAFolder(_ command: [String]) throws {
        let folder = try RepositoryPaths.temporaryFolder().appendingPathComponent("some-folder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let outcome = try MarginProcess.run(command + [folder.path])
        #expect(outcome.status == 2, "\(command): \(outcome.stdout)")
        if command == ["vectors", "check"] {
            #expect(outcome.stderr.contains("no .json case files"), "\(outcome.stderr)")
        } else {
            #expect(outcome.stderr.contains("is a directory"), "\(command): \(outcome.stderr)")
        }
    }

    @Test func aByteOrderMarkIsNamed() throws {
        let file = try RepositoryPaths.temporaryFolder().appendingPathComponent("state.json")
        try Data([0xEF, 0xBB, 0xBF] + Array("{}".utf8)).write(to: file)
        let outcome = try MarginProcess.run(["eval", file.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("byte-order mark"), "\(outcome.stderr)")
    }

    @Test func echoedValuesAreShortened() throws {
        let file = try RepositoryPaths.temporaryFolder().appendingPathComponent("ci.json")
        try "{\"\(String(repeating: "k", count: 100_000))\": 1}".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["ci", "--config", file.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("unknown key"), "\(outcome.stderr.prefix(300))")
        #expect(outcome.stderr.utf8.count < 1_000, "\(outcome.stderr.utf8.count) bytes")
    }

    @Test(arguments: [(["props", "--runs", "-5"], "--runs must be"), (["props", "--depth", "-1"], "--depth must be"),
                      (["diff", "t.jsonl", "--context", "-2"], "--context must be"), (["scenario", "--calls", "-1", "--out", "/dev/null"], "--calls"),
                      (["ci", "--time-budget", "-1"], "--time-budget must be")])
    func aNegativeOptionIsNamedAsOutOfRange(_ arguments: [String], _ message: String) throws {
        let outcome = try MarginProcess.run(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
        #expect(!outcome.stderr.contains("Missing value"), "\(outcome.stderr)")
    }

    /// The spellings the state, trace and vector readers refuse, arith refuses too.
    @Test(arguments: ["01", "-0", "0XFF", "-0x1", "+1", " 1", "1e3", "0x"])
    func arithAcceptsOnlyTheCommonNumberSpellings(_ number: String) throws {
        let outcome = try MarginProcess.run(["arith"], stdin: "{\"op\": \"checked_sadd\", \"args\": [\"\(number)\", \"1\"]}\n")
        #expect(outcome.status == 2, "\(number): \(outcome.stdout)")
        #expect(outcome.stdout.hasPrefix("{\"error\": \"line 1: args[0]: "), "\(outcome.stdout)")
    }

    @Test(arguments: [("\"status\": \"success\"", "\"status\": \"maybe\""), ("\"timestamp\": \"1700000036\"", "\"timestamp\": \"1700000001\"")])
    func aMalformedVectorCaseIsBadInput(_ original: String, _ replacement: String) throws {
        let file = try RepositoryPaths.temporaryFolder().appendingPathComponent("deposit/basic/usdc.json")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let text = try String(contentsOfFile: RepositoryPaths.path("Vectors/deposit/basic/usdc.json"), encoding: .utf8)
        #expect(text.contains(original), "the case has \(original)")
        try text.replacingOccurrences(of: original, with: replacement).write(to: file, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["vectors", "check", file.path])
        #expect(outcome.status == 2, "\(replacement): \(outcome.stdout)")
        #expect(outcome.stdout.contains("MALFORMED"), "\(outcome.stdout)")
    }
}
