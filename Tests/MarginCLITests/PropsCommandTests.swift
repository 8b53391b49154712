import Foundation
import Testing

/// `margin props` as a user and CI run it.
@Suite("margin props")
struct PropsCommandTests {
    func margin(_ arguments: [String]) throws -> MarginProcess.Outcome {
        try MarginProcess.run(["props"] + arguments)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text.prefix(200))")
    }

    @Test func passingCampaignExitsZeroAndSaysWhatItChecked() throws {
        let out = try margin(["--runs", "3", "--depth", "30"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("margin props: PASS: 3 of 3 runs, 90 calls, 32 invariants (the cheap ones after every call, "
                                     + "the expensive ones after about 1 call in 16 and after each run's last) (seed 1, depth 30)"), "\(out.stdout)")
    }

    @Test(arguments: [["--shard", "2/2"], ["--shard", "x"], ["--depth", "0"], ["--invariants", "conservation,no-such-thing"],
                      ["--deep-every", "0"], ["--runs", "-1"], ["--runs", "0"], ["--invariants", ","], ["--invariants", ""],
                      ["--time-budget", "0"], ["--time-budget", "-3"], ["--replay-run", "100"]])
    func badUsageExitsTwo(_ arguments: [String]) throws {
        let out = try margin(arguments)
        #expect(out.status == 2, "\(arguments): \(out.stderr)")
        #expect(!out.stderr.contains("Missing value"), "a negative value is named as out of range: \(out.stderr)")
    }

    @Test func negativeRunsAreNamedAsOutOfRange() throws {
        let out = try margin(["--runs", "-1"])
        #expect(out.stderr.contains("--runs must be from 1"), "\(out.stderr)")
    }

    @Test func jsonIsOneObjectWithTheDocumentedFields() throws {
        let out = try margin(["--runs", "2", "--depth", "20", "--json", "--invariants", "conservation,solvency"])
        #expect(out.status == 0)
        let report = try json(out.stdout)
        for key in ["seed", "runs", "calls", "invariants", "failures", "elapsedTime", "callRate"] {
            #expect(report[key] != nil, "\(key)")
        }
        #expect(report["invariants"] as? [String] == ["conservation", "solvency"])
        #expect(report["calls"] as? Int == 40)
        // A seed may exceed 2^53: like every such number it is a decimal string.
        #expect(report["seed"] as? String == "1")
    }

    func shardReports(_ folder: URL) throws -> [String] {
        var paths: [String] = []
        for shard in ["0/2", "1/2"] {
            let path = folder.appendingPathComponent("shard-\(shard.first!).json").path
            let out = try margin(["--runs", "5", "--depth", "20", "--shard", shard, "--json-file", path])
            #expect(out.status == 0)
            paths.append(path)
        }
        return paths
    }

    @Test func shardReportsMergeToTheWholeCampaign() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let paths = try shardReports(folder)
        let whole = try json(margin(["--runs", "5", "--depth", "20", "--json"]).stdout)
        let mergedOut = try margin(["--merge"] + paths + ["--json"])
        #expect(mergedOut.status == 0)
        let merged = try json(mergedOut.stdout)
        #expect(merged["runs"] as? Int == whole["runs"] as? Int)
        #expect(merged["calls"] as? Int == whole["calls"] as? Int)
        #expect((merged["coverage"] as? NSDictionary) == (whole["coverage"] as? NSDictionary))
        let text = try margin(["--merge"] + paths)
        #expect(text.stdout.hasPrefix("margin props: PASS: 5 of 5 runs, 100 calls"), "\(text.stdout)")
        #expect(text.stdout.contains("2 of 2 shards merged"))
        #expect(try margin(["--merge", paths[0], paths[0]]).status == 2)
    }

    @Test func mergeOfSomeShardsIsPartialAndNotAPass() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let paths = try shardReports(folder)
        let out = try margin(["--merge", paths[0]])
        #expect(out.status == 1, "\(out.stdout)")
        #expect(out.stdout.contains("PARTIAL: shards 1 of 2 are missing"), "\(out.stdout)")
        #expect(!out.stdout.contains("PASS"))
    }

    @Test(arguments: [("\"runs\": 3", "\"runs\": -3"), ("\"runs\": 3", "\"runs\": 3000"), ("\"calls\": 60", "\"calls\": 99999999"),
                      ("\"index\": 0", "\"index\": 7")])
    func tamperedShardCountsAreBadInput(_ original: String, _ tampered: String) throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let paths = try shardReports(folder)
        let text = try String(contentsOfFile: paths[0], encoding: .utf8)
        #expect(text.contains(original), "the shard report has \(original)")
        try text.replacingOccurrences(of: original, with: tampered).write(toFile: paths[0], atomically: true, encoding: .utf8)
        let out = try margin(["--merge"] + paths)
        #expect(out.status == 2, "\(tampered): \(out.stdout) \(out.stderr)")
    }

    @Test(arguments: [["--seed", "2"], ["--runs", "5"], ["--invariants", "conservation"], ["--time-budget", "5"]])
    func optionsGivenWithMergeAreRefused(_ options: [String]) throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let paths = try shardReports(folder)
        let out = try margin(["--merge"] + paths + options)
        #expect(out.status == 2)
        #expect(out.stderr.contains("\(options[0]) cannot be used with --merge"), "\(out.stderr)")
    }

    @Test func junitHasOneCasePerInvariant() throws {
        let path = try RepositoryPaths.temporaryFolder().appendingPathComponent("props.xml").path
        let out = try margin(["--runs", "1", "--depth", "20", "--junit", path])
        #expect(out.status == 0)
        let xml = try String(contentsOfFile: path, encoding: .utf8)
        #expect(xml.contains("<testsuite name=\"margin props\" tests=\"32\" failures=\"0\""))
        #expect(xml.contains("name=\"rounding-favours-protocol\""))
    }

    @Test func campaignCutShortByItsTimeBudgetIsPartial() throws {
        let out = try margin(["--runs", "1000000", "--depth", "80", "--time-budget", "0.5", "--json"])
        #expect(out.status == 1, "a campaign that did not run is not a pass")
        let report = try json(out.stdout)
        #expect((report["runs"] as? Int ?? 0) < 1_000_000)
        #expect(report["timeBudgetExhausted"] as? Bool == true)
        let text = try margin(["--runs", "1000000", "--depth", "80", "--time-budget", "0.5"])
        #expect(text.stdout.contains("margin props: PARTIAL"), "\(text.stdout)")
    }

    @Test func replayRunRunsOneRun() throws {
        let report = try json(margin(["--seed", "3", "--depth", "25", "--replay-run", "17", "--json"]).stdout)
        #expect(report["runs"] as? Int == 1)
        #expect(report["replayRun"] as? Int == 17)
    }

    @Test func saveFailuresRefusesAFile() throws {
        let file = try RepositoryPaths.temporaryFolder().appendingPathComponent("not-a-folder")
        try "mine".write(to: file, atomically: true, encoding: .utf8)
        let out = try margin(["--runs", "1", "--depth", "10", "--save-failures", file.path])
        #expect(out.status == 2)
        #expect(out.stderr.contains("is not a folder"), "\(out.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "mine")
    }

    /// The same campaign in two processes, one with Swift's per-process hash
    /// seed and one with deterministic hashing, gives the same report.
    @Test func sameSeedGivesSameReportAcrossProcesses() throws {
        let arguments = ["--seed", "7", "--runs", "4", "--depth", "40", "--json"]
        let a = try margin(arguments)
        let b = try MarginProcess.run(["props"] + arguments, environment: ["SWIFT_DETERMINISTIC_HASHING": "1"])
        #expect(a.status == 0 && b.status == 0)
        var ja = try json(a.stdout), jb = try json(b.stdout)
        for key in ["elapsedTime", "callRate", "timeBudgetExhausted"] { ja[key] = nil; jb[key] = nil }
        #expect(NSDictionary(dictionary: ja) == NSDictionary(dictionary: jb))
    }
}
