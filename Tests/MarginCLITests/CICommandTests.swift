import Foundation
import Testing

/// `margin ci`: one verdict over vectors, traces and properties, and reports
/// that say what failed without re-running anything.
@Suite struct CICommandTests {
    /// A small workspace: two vector cases, one trace, and a config for them.
    func workspace(breakVector: Bool = false, breakTrace: Bool = false) throws -> (folder: URL, config: String) {
        let folder = try RepositoryPaths.temporaryFolder()
        let fm = FileManager.default
        for relative in ["deposit/basic/usdc.json", "settleTrade/boundaries/above-band.json"] {
            let target = folder.appendingPathComponent("vectors/\(relative)")
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            var text = try String(contentsOfFile: RepositoryPaths.path("Vectors/\(relative)"), encoding: .utf8)
            if breakVector && relative.hasPrefix("deposit") {
                // Claim a different return: the model disagrees.
                text = text.replacingOccurrences(of: "\"status\": \"success\"", with: "\"status\": \"revert\"")
            }
            try text.write(to: target, atomically: true, encoding: .utf8)
        }
        try fm.createDirectory(at: folder.appendingPathComponent("traces"), withIntermediateDirectories: true)
        var trace = try String(contentsOfFile: RepositoryPaths.path("Vectors/traces/seed-13.jsonl"), encoding: .utf8)
        if breakTrace {
            var lines = trace.split(separator: "\n").map(String.init)
            lines[10] = lines[10].replacingOccurrences(of: "\"output\":\"0x", with: "\"output\":\"0xff")
            trace = lines.joined(separator: "\n") + "\n"
        }
        try trace.write(to: folder.appendingPathComponent("traces/seed-13.jsonl"), atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("ci.json").path
        try """
        {"vectors": ["\(folder.path)/vectors"], "traces": ["\(folder.path)/traces"],
         "props": {"seed": 5, "runs": 6, "depth": 30}, "timeBudgetSeconds": 120}
        """.write(toFile: config, atomically: true, encoding: .utf8)
        return (folder, config)
    }

    @Test func passingWorkspaceGivesAPassVerdictAndReports() throws {
        let (folder, config) = try workspace()
        let junit = folder.appendingPathComponent("ci.xml").path
        let json = folder.appendingPathComponent("ci.json.out").path
        let outcome = try MarginProcess.run(["ci", "--config", config, "--junit", junit, "--json-file", json])
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("VERDICT: PASS"))
        #expect(outcome.stdout.contains("checked: 2 vector cases, 1 traces ("), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("32 invariants on 6 runs of depth 30"), "\(outcome.stdout)")
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("classname=\"vectors\" name=\"deposit/basic/usdc.json\""))
        #expect(xml.contains("classname=\"traces\""))
        #expect(xml.contains("classname=\"properties\" name=\"conservation\""))
        let report = try String(contentsOfFile: json, encoding: .utf8)
        #expect(report.contains("\"verdict\": \"pass\""))
    }

    @Test func brokenVectorFailsWithTheFieldPath() throws {
        let (_, config) = try workspace(breakVector: true)
        let outcome = try MarginProcess.run(["ci", "--config", config])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("FAIL  vectors  deposit/basic/usdc.json"))
        #expect(outcome.stdout.contains("field _info.hash") || outcome.stdout.contains("field expect.status"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("VERDICT: FAIL"))
    }

    @Test func brokenTraceFailsWithTheDivergence() throws {
        let (_, config) = try workspace(breakTrace: true)
        let outcome = try MarginProcess.run(["ci", "--config", config])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("FAIL  traces"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("Divergence at call 9 (trace line 11)"), "\(outcome.stdout)")   // line 1 deploys the governance extension
    }

    @Test func githubAnnotationsNameTheFile() throws {
        let (_, config) = try workspace(breakVector: true)
        let outcome = try MarginProcess.run(["ci", "--config", config], environment: ["GITHUB_ACTIONS": "true"])
        #expect(outcome.stdout.contains("::error file="), "\(outcome.stdout)")
    }

    @Test(arguments: [
        ("{\"vectors\": 3}", "vectors: expected an array"),
        ("{\"props\": {\"runs\": -1}}", "props.runs: expected an integer from 0"),
        ("{\"props\": {\"seed\": \"01\"}}", "props.seed: expected an integer from 0 to 18446744073709551615"),
        ("{\"vectors\": [], \"traces\": [], \"props\": {\"runs\": 0}}", "a gate that checks nothing cannot pass"),
        ("{\"speed\": 1}", "unknown key \\\"speed\\\""),
        ("{", "line 1, column 2"),
    ])
    func badConfigIsBadInput(content: String, expected: String) throws {
        let path = try RepositoryPaths.temporaryFolder().appendingPathComponent("ci.json").path
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["ci", "--config", path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(path))
        #expect(outcome.stderr.contains(expected.replacingOccurrences(of: "\\\"", with: "\"")), "\(outcome.stderr)")
    }

    // MARK: A gate passes only on what it checked

    func runGate(_ config: String, in folder: URL, extra: [String] = []) throws -> (MarginProcess.Outcome, junit: String, json: String) {
        let path = folder.appendingPathComponent("gate.json").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        let junit = folder.appendingPathComponent("gate.xml").path, json = folder.appendingPathComponent("gate.report.json").path
        let outcome = try MarginProcess.run(["ci", "--config", path, "--junit", junit, "--json-file", json] + extra)
        let xml = (try? String(contentsOfFile: junit, encoding: .utf8)) ?? ""
        let report = (try? String(contentsOfFile: json, encoding: .utf8)) ?? ""
        return (outcome, xml, report)
    }

    @Test func aMissingVectorsFolderIsAnErrorWithReports() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let (outcome, xml, report) = try runGate("{\"vectors\": [\"\(folder.path)/nope\"], \"traces\": [], \"props\": {\"runs\": 0}}", in: folder)
        #expect(outcome.status == 2)
        #expect(outcome.stdout.contains("VERDICT: ERROR"), "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("PASS"))
        #expect(xml.contains("<error message=") && xml.contains("nope: no such file or folder"), "\(xml)")
        #expect(report.contains("\"verdict\": \"error\""))
    }

    @Test func aConfiguredFolderWithNothingInItIsAnError() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let (outcome, _, report) = try runGate(
            "{\"vectors\": [\"\(folder.path)/empty\"], \"traces\": [\"\(folder.path)/empty\"], \"props\": {\"runs\": 0}}", in: folder)
        #expect(outcome.status == 2)
        #expect(outcome.stdout.contains("nothing to check"), "\(outcome.stdout)")
        #expect(report.contains("\"verdict\": \"error\""))
    }

    @Test func aMalformedTraceIsMarkedInTheReportsAndTheRestIsChecked() throws {
        let (folder, _) = try workspace()
        try "{\"bad".write(to: folder.appendingPathComponent("traces/zz-broken.jsonl"), atomically: true, encoding: .utf8)
        let (outcome, xml, report) = try runGate(
            "{\"vectors\": [\"\(folder.path)/vectors\"], \"traces\": [\"\(folder.path)/traces\"], \"props\": {\"runs\": 2, \"depth\": 10}}",
            in: folder)
        #expect(outcome.status == 2)
        #expect(outcome.stdout.contains("ERROR  traces"), "\(outcome.stdout)")
        #expect(xml.contains("zz-broken.jsonl") && xml.contains("<error message=\"malformed trace"), "\(xml)")
        #expect(report.contains("\"name\": \"deposit/basic/usdc.json\",\n      \"section\": \"vectors\",\n      \"status\": \"pass\""),
                "the other checks ran and passed: \(report)")
        #expect(report.contains("\"status\": \"error\""))
    }

    @Test func aSpentTimeBudgetIsIncompleteNotAPass() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let (outcome, xml, report) = try runGate(
            "{\"vectors\": [\"\(RepositoryPaths.path("Vectors"))\"], \"traces\": [], \"props\": {\"runs\": 5, \"depth\": 10}}",
            in: folder, extra: ["--time-budget", "1"])
        #expect(outcome.status == 1, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("VERDICT: INCOMPLETE"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("NOT RUN"))
        #expect(xml.contains("<skipped message=\"not checked: the time budget was spent\"/>"))
        #expect(report.contains("\"verdict\": \"incomplete\""))
    }
}
