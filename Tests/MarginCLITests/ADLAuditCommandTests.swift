import Foundation
import Testing

/// The ADL ranking audit as a user meets it: `margin diff`, `margin ci` and
/// `margin props` report findings, which fail only when asked to.
@Suite struct ADLAuditCommandTests {
    static let misranked = RepositoryPaths.path("Tests/Data/adl/adl-misranked.jsonl")
    static let topRanked = RepositoryPaths.path("Tests/Data/adl/adl-top-ranked.jsonl")
    static let tie = RepositoryPaths.path("Tests/Data/adl/adl-tie.jsonl")
    static let carol = "0x" + String(repeating: "c3", count: 20)
    static let bob = "0x" + String(repeating: "b2", count: 20)

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text.prefix(200))")
    }

    @Test func diffShowsTheFindingWithTheRankingAndPassesByDefault() throws {
        let outcome = try MarginProcess.run(["diff", Self.misranked])
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("PASS"))
        #expect(outcome.stdout.contains("no divergence; 1 deleverage audited, 1 ADL ranking finding"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("ADL ranking finding at call 12 (trace line 14)"))
        #expect(outcome.stdout.contains("    1  \(Self.bob)  adlScore 48122287224004529"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("    2  \(Self.carol)  adlScore 10079449780623739  <- chosen"))
    }

    @Test func failOnADLRankingMakesAFindingFail() throws {
        let outcome = try MarginProcess.run(["diff", Self.misranked, "--fail-on-adl-ranking"])
        #expect(outcome.status == 1, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("FAIL"))
        #expect(outcome.stdout.contains("(findings fail this check)"))
        let annotated = try MarginProcess.run(["diff", Self.misranked, "--fail-on-adl-ranking"], environment: ["GITHUB_ACTIONS": "true"])
        #expect(annotated.stdout.contains("::error file="), "\(annotated.stdout)")
        #expect(annotated.stdout.contains("counterparty ranks 2 by adlScore"))
    }

    @Test(arguments: [topRanked, tie])
    func wellRankedDeleveragePassesEvenWithTheFlag(trace: String) throws {
        let outcome = try MarginProcess.run(["diff", trace, "--fail-on-adl-ranking"])
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("1 deleverage audited, 0 ADL ranking findings"), "\(outcome.stdout)")
    }

    @Test func jsonAndJUnitCarryTheFindings() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let junit = folder.appendingPathComponent("diff.xml").path
        let plain = try MarginProcess.run(["diff", Self.misranked, "--json", "--junit", junit])
        #expect(plain.status == 0)
        let report = try json(plain.stdout)
        #expect(report["result"] as? String == "pass")
        let audit = try #require(report["adlAudit"] as? [String: Any])
        #expect(audit["audited"] as? Int == 1 && audit["findingCount"] as? Int == 1)
        let finding = try #require((audit["findings"] as? [[String: Any]])?.first)
        #expect(finding["counterparty"] as? String == Self.carol)
        #expect(finding["rank"] as? Int == 2 && finding["line"] as? Int == 14)
        #expect((finding["ahead"] as? [[String: Any]])?.first?["adlScore"] as? String == "48122287224004529")
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<system-out>1 deleverage audited, 1 ADL ranking finding"), "\(xml)")
        #expect(xml.contains("tests=\"1\" failures=\"0\""), "the findings ride on the trace's one case")

        let junitFailing = folder.appendingPathComponent("diff-fail.xml").path
        let failing = try MarginProcess.run(["diff", Self.misranked, "--json", "--fail-on-adl-ranking", "--junit", junitFailing])
        #expect(failing.status == 1)
        #expect(try json(failing.stdout)["result"] as? String == "fail")
        let failingXML = try String(contentsOfFile: junitFailing, encoding: .utf8)
        #expect(failingXML.contains("failures=\"1\"") && failingXML.contains("<failure message=\"1 deleverage audited, 1 ADL ranking finding\""),
                "\(failingXML)")
    }

    /// A workspace with the misranked trace only and a config with or without the switch.
    func gate(failOnADLRanking: Bool?) throws -> MarginProcess.Outcome {
        let folder = try RepositoryPaths.temporaryFolder()
        let traces = folder.appendingPathComponent("traces")
        try FileManager.default.createDirectory(at: traces, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.misranked, toPath: traces.appendingPathComponent("adl-misranked.jsonl").path)
        let config = folder.appendingPathComponent("ci.json").path
        let switchKey = failOnADLRanking.map { ", \"failOnADLRanking\": \($0)" } ?? ""
        try "{\"vectors\": [], \"traces\": [\"\(traces.path)\"], \"props\": {\"runs\": 0}\(switchKey)}"
            .write(toFile: config, atomically: true, encoding: .utf8)
        return try MarginProcess.run(["ci", "--config", config])
    }

    @Test func ciCountsDeleveragesAuditedAndFailsOnlyWithTheSwitch() throws {
        for setting in [nil, false] as [Bool?] {
            let outcome = try gate(failOnADLRanking: setting)
            #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
            #expect(outcome.stdout.contains("VERDICT: PASS"))
            #expect(outcome.stdout.contains("1 traces (14 calls replayed, 1 deleverage audited, 1 ADL ranking finding)"), "\(outcome.stdout)")
            #expect(outcome.stdout.contains("ADL  traces"))
        }
        let failing = try gate(failOnADLRanking: true)
        #expect(failing.status == 1, "\(failing.stdout)\n\(failing.stderr)")
        #expect(failing.stdout.contains("VERDICT: FAIL"))
        #expect(failing.stdout.contains("ADL ranking finding at call 12 (trace line 14)"), "\(failing.stdout)")
    }

    @Test func ciRefusesASwitchThatIsNotABoolean() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let config = folder.appendingPathComponent("ci.json").path
        try "{\"failOnADLRanking\": \"yes\"}".write(toFile: config, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["ci", "--config", config])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("failOnADLRanking: expected true or false, found a string"), "\(outcome.stderr)")
    }

    /// The campaign's generator is the keeper: it mostly picks the top score
    /// and sometimes another counterparty, so findings are counted and fail
    /// only with the flag; the shards of a campaign merge to the whole
    /// campaign's audit.
    @Test func propsAuditsItsDeleveragesAndTheFlagFailsOnFindings() throws {
        let options = ["props", "--seed", "2", "--runs", "200", "--depth", "80"]
        let folder = try RepositoryPaths.temporaryFolder()
        let junit = folder.appendingPathComponent("props.xml").path
        let flagged = try MarginProcess.run(options + ["--json", "--fail-on-adl-ranking", "--junit", junit])
        let whole = try json(flagged.stdout)
        let audit = try #require(whole["adlAudit"] as? [String: Any])
        let audited = try #require(audit["audited"] as? Int), findings = try #require(audit["findingCount"] as? Int)
        #expect(audited > 0, "the campaign made no successful deleverage to audit")
        #expect(flagged.status == (findings > 0 ? 1 : 0), "\(flagged.stderr)")
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("classname=\"deleverage\" name=\"ADL ranking\"") && xml.contains("failures=\"\(findings > 0 ? 1 : 0)\""), "\(xml)")
        let text = try MarginProcess.run(options)
        #expect(text.stdout.contains("ADL ranking: \(audited) deleverages audited, \(findings) finding"), "\(text.stdout)")

        var paths: [String] = []
        for shard in 0..<2 {
            let path = folder.appendingPathComponent("s\(shard).json").path
            let out = try MarginProcess.run(options + ["--shard", "\(shard)/2", "--json-file", path])
            #expect(out.status == 0 || (findings > 0 && out.status == 1), "\(out.stderr)")
            paths.append(path)
        }
        let merged = try json(try MarginProcess.run(["props", "--merge"] + paths + ["--json"]).stdout)
        #expect((merged["adlAudit"] as? NSDictionary) == (whole["adlAudit"] as? NSDictionary))
    }

    /// A shard report with a finding of one of its runs (as a stranger's file
    /// may hold one): the merge shows it, passes by default and fails with the
    /// flag; a finding of another shard's run is refused.
    @Test func propsMergeShowsAShardsFindingAndTheFlagFailsIt() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        var reports: [[String: Any]] = []
        for shard in 0..<2 {
            let out = try MarginProcess.run(["props", "--seed", "3", "--runs", "4", "--depth", "20", "--shard", "\(shard)/2", "--json"])
            #expect(out.status == 0, "\(out.stderr)")
            reports.append(try json(out.stdout))
        }
        func merge(findingRun: Int, flag: Bool) throws -> MarginProcess.Outcome {
            var first = reports[0]
            let finding: [String: Any] = [
                "run": findingRun, "runSeed": "1", "call": 5, "timestamp": "1700000100", "keeper": "0x000000000000000000000000000000000000b001",
                "bankrupt": "0x000000000000000000000000000000000000a001", "market": "0", "size": "1000000000000000000",
                "counterparty": "0x000000000000000000000000000000000000a003", "counterpartyScore": "7", "rank": 2,
                "ahead": [["account": "0x000000000000000000000000000000000000a002", "adlScore": "9"]], "aheadCount": 1,
            ]
            first["adlAudit"] = ["audited": 1, "findingCount": 1, "findings": [finding]]
            let paths = [folder.appendingPathComponent("a.json").path, folder.appendingPathComponent("b.json").path]
            try JSONSerialization.data(withJSONObject: first).write(to: URL(fileURLWithPath: paths[0]))
            try JSONSerialization.data(withJSONObject: reports[1]).write(to: URL(fileURLWithPath: paths[1]))
            return try MarginProcess.run(["props", "--merge"] + paths + (flag ? ["--fail-on-adl-ranking"] : []))
        }
        let plain = try merge(findingRun: 0, flag: false)
        #expect(plain.status == 0, "\(plain.stdout)\n\(plain.stderr)")
        #expect(plain.stdout.contains("ADL ranking finding at call 5 of run 0 (run seed 1)"), "\(plain.stdout)")
        #expect(plain.stdout.contains("    1  trader2  adlScore 9"), "\(plain.stdout)")
        let flagged = try merge(findingRun: 0, flag: true)
        #expect(flagged.status == 1)
        #expect(flagged.stdout.contains("margin props: FAIL: 1 ADL ranking finding(s)"), "\(flagged.stdout)")
        let foreign = try merge(findingRun: 1, flag: false)
        #expect(foreign.status == 2)
        #expect(foreign.stderr.contains("adlAudit.findings[0]: expected a finding of a run of shard 0/2"), "\(foreign.stderr)")
    }
}
