import ContractIO
import Foundation
import Testing
import Verification

/// `margin props` as a user and CI run it (skipped when the tool is not built).
@Suite("margin props")
struct PropsCommandTests {
    func margin(_ arguments: [String]) throws -> (status: Int32, stdout: String)? {
        guard let executable = marginExecutable() else {
            print("margin executable not built next to the tests; skipping")
            return nil
        }
        return try run(executable, ["props"] + arguments, environment: ["GITHUB_ACTIONS": "false"])
    }

    func temporaryFolder(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("props-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func passingCampaignExitsZeroWithASummaryLine() throws {
        guard let out = try margin(["--runs", "3", "--depth", "30"]) else { return }
        #expect(out.status == 0)
        #expect(out.stdout.hasPrefix("margin props: PASS: 3 runs, 90 calls, 27 invariants checked after every call (seed 1, depth 30)"))
    }

    @Test(arguments: [["--shard", "2/2"], ["--shard", "x"], ["--depth", "0"], ["--invariants", "conservation,no-such-thing"],
                      ["--deep-every", "0"], ["--runs", "-1"]])
    func badUsageExitsTwo(_ arguments: [String]) throws {
        guard let out = try margin(arguments) else { return }
        #expect(out.status == 2, "\(arguments)")
    }

    @Test func jsonIsOneObjectWithTheDocumentedFields() throws {
        guard let out = try margin(["--runs", "2", "--depth", "20", "--json", "--invariants", "conservation,solvency"]) else { return }
        #expect(out.status == 0)
        let report = try JSONParser.parse(Array(out.stdout.utf8))
        for key in ["seed", "runs", "calls", "invariants", "failures", "elapsedTime", "callRate"] {
            #expect(member(report, key) != nil, "\(key)")
        }
        #expect(member(report, "invariants") == .array([.string("conservation"), .string("solvency")]))
        #expect(member(report, "calls") == .number("40"))
    }

    @Test func shardReportsMerge() throws {
        let folder = try temporaryFolder("merge")
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for shard in ["0/2", "1/2"] {
            guard let out = try margin(["--runs", "5", "--depth", "20", "--shard", shard, "--json"]) else { return }
            let path = folder.appendingPathComponent("shard-\(shard.first!).json").path
            try out.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        guard let whole = try margin(["--runs", "5", "--depth", "20", "--json"]),
              let merged = try margin(["--merge"] + paths + ["--json"]) else { return }
        #expect(merged.status == 0)
        let w = try JSONParser.parse(Array(whole.stdout.utf8)), m = try JSONParser.parse(Array(merged.stdout.utf8))
        #expect(member(m, "runs") == member(w, "runs"))
        #expect(member(m, "calls") == member(w, "calls"))
        #expect(member(m, "coverage") == member(w, "coverage"))
        guard let text = try margin(["--merge"] + paths) else { return }
        #expect(text.stdout.hasPrefix("margin props: PASS: 5 runs, 100 calls"))
        #expect(text.stdout.contains("2 of 2 shards merged"))
        guard let twice = try margin(["--merge", paths[0], paths[0]]) else { return }
        #expect(twice.status == 2)
    }

    @Test func junitHasOneCasePerInvariant() throws {
        let folder = try temporaryFolder("junit")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("props.xml").path
        guard let out = try margin(["--runs", "1", "--depth", "20", "--junit", path]) else { return }
        #expect(out.status == 0)
        let xml = try String(contentsOfFile: path, encoding: .utf8)
        #expect(xml.contains("<testsuite name=\"margin props\" tests=\"27\" failures=\"0\""))
        #expect(xml.contains("name=\"rounding-favours-protocol\""))
    }

    @Test func spentTimeBudgetStartsNoRun() throws {
        guard let out = try margin(["--runs", "50", "--time-budget", "0", "--json"]) else { return }
        #expect(out.status == 0)
        let report = try JSONParser.parse(Array(out.stdout.utf8))
        #expect(member(report, "runs") == .number("0"))
        #expect(member(report, "timeBudgetExhausted") == .bool(true))
    }

    @Test func replayRunRunsOneRun() throws {
        guard let out = try margin(["--seed", "3", "--depth", "25", "--replay-run", "17", "--json"]) else { return }
        let report = try JSONParser.parse(Array(out.stdout.utf8))
        #expect(member(report, "runs") == .number("1"))
        #expect(member(report, "replayRun") == .number("17"))
    }
}
