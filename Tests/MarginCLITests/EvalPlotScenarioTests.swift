import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `margin eval`, `margin plot`, `margin scenario` and `margin vectors` as a
/// user runs them.
@Suite struct EvalPlotScenarioTests {
    /// The two JSON blocks of Spec/eval-state-format.md: the example state
    /// and its expected `--json` output.
    static func specExample() throws -> (state: String, expected: [String: Any]) {
        let text = try String(contentsOfFile: RepositoryPaths.path("Spec/eval-state-format.md"), encoding: .utf8)
        let blocks = text.components(separatedBy: "```json\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let expected = try JSONSerialization.jsonObject(with: Data(blocks[1].utf8)) as? [String: Any] ?? [:]
        return (blocks[0], expected)
    }

    /// The example without its identity tiers (all zero, no attestation):
    /// a file before 1.1.0-alpha.6.
    static func withoutTiers(_ state: String) -> String {
        state.replacingOccurrences(of: "      \"attestation\": {\n        \"expiry\": \"0\",\n        \"tier\": \"0\"\n      },\n", with: "")
            .replacingOccurrences(of: "  \"tierParams\": {\n    \"discount1\": \"0\",\n    \"discount2\": \"0\",\n    \"discount3\": \"0\",\n    \"maxTierDiscount\": \"0\"\n  },\n", with: "")
    }

    /// The example without its adaptive z (zStep and zHeadroom 0, both
    /// sides' z at zScore) or tiers: the fields of a file before 1.1.0-alpha.5.
    static func withoutAdaptiveZ(_ state: String) -> String {
        withoutTiers(state).replacingOccurrences(of: "        \"zHeadroom\": \"0\",\n", with: "")
            .replacingOccurrences(of: ",\n        \"zStep\": \"0\"\n", with: "\n")
            .replacingOccurrences(of: ",\n      \"zLong\": \"2330000000000000000\",\n      \"zShort\": \"2330000000000000000\"\n", with: "\n")
    }

    /// The example without its depthFloor entries (all WAD, which never
    /// thins the depth) or adaptive z: a file before 1.1.0-alpha.4.
    static func withoutDepthFloor(_ state: String) -> String {
        withoutAdaptiveZ(state).replacingOccurrences(of: "        \"depthFloor\": \"1000000000000000000\",\n", with: "")
    }

    /// A Spec 1.0 file names ewmaLambda where 1.1 has the GARCH weights, and
    /// has no oracleCadence or depthFloor; it is read as the EWMA special
    /// case with a depth that never thins, so the margins are the same.
    @Test func aSpec10StateFileIsReadAsTheEWMASpecialCase() throws {
        let (state, _) = try Self.specExample()
        var old = Self.asVersion("1.0.0", Self.withoutDepthFloor(state))
        old = old.replacingOccurrences(
            of: "\"garchAlpha\": \"60000000000000000\",\n        \"garchBeta\": \"940000000000000000\",\n        \"garchOmega\": \"0\",",
            with: "\"ewmaLambda\": \"940000000000000000\",")
        old = old.replacingOccurrences(of: "        \"oracleCadence\": \"3600\",\n", with: "")
        #expect(!old.contains("garch") && !old.contains("oracleCadence") && !old.contains("depthFloor") && !old.contains("zStep") && !old.contains("zLong")
                && old.contains("\"1.0.0\""))
        try Self.expectSameEvaluation(old, state)
    }

    /// The example as a file of `version` (its fields as given).
    static func asVersion(_ version: String, _ state: String) -> String {
        state.replacingOccurrences(of: "\"specVersion\": \"1.1.0\"", with: "\"specVersion\": \"\(version)\"")
    }

    /// `margin eval` refuses the state file with exit 2 and `message`.
    static func expectRefused(_ state: String, _ message: String) throws {
        let path = try RepositoryPaths.temporaryFolder().appendingPathComponent("refused.json").path
        try state.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["eval", path])
        #expect(outcome.status == 2 && outcome.stderr.contains(message), "\(outcome.stderr)")
    }

    /// `margin eval --json` gives the same output for both state files.
    static func expectSameEvaluation(_ old: String, _ new: String) throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let oldPath = folder.appendingPathComponent("old.json").path, newPath = folder.appendingPathComponent("new.json").path
        try old.write(toFile: oldPath, atomically: true, encoding: .utf8)
        try new.write(toFile: newPath, atomically: true, encoding: .utf8)
        let fromOld = try MarginProcess.run(["eval", oldPath, "--json"]), fromNew = try MarginProcess.run(["eval", newPath, "--json"])
        #expect(fromOld.status == 0 && fromNew.status == 0, "\(fromOld.stderr)")
        #expect(fromOld.stdout == fromNew.stdout)
    }

    /// Files of 1.1.0-alpha.2 and alpha.3 (the same state) have no
    /// depthFloor: they read with a floor of WAD, with the same margins as
    /// the example, whose floors are WAD; with a depthFloor they are refused.
    @Test(arguments: ["1.1.0-alpha.2", "1.1.0-alpha.3"])
    func anAlpha3StateFileReadsWithTheWholeDepth(version: String) throws {
        let (state, _) = try Self.specExample()
        let old = Self.asVersion(version, Self.withoutDepthFloor(state))
        #expect(old.contains(version) && !old.contains("depthFloor") && !old.contains("zStep"))
        try Self.expectSameEvaluation(old, state)
        try Self.expectRefused(Self.asVersion(version, Self.withoutAdaptiveZ(state)), "markets[0].params: unknown key \"depthFloor\"")
    }

    /// A file of 1.1.0-alpha.4 has no adaptive z: it reads with zStep =
    /// zHeadroom = 0 and both sides at zScore, the example's own values, so
    /// the margins are the same; with alpha.5's fields it is refused.
    @Test func anAlpha4StateFileReadsWithZAtZScore() throws {
        let (state, _) = try Self.specExample()
        let old = Self.asVersion("1.1.0-alpha.4", Self.withoutAdaptiveZ(state))
        #expect(old.contains("1.1.0-alpha.4") && old.contains("depthFloor") && !old.contains("zStep") && !old.contains("zLong"))
        try Self.expectSameEvaluation(old, state)
        try Self.expectRefused(Self.asVersion("1.1.0-alpha.4", Self.withoutTiers(state)), "markets[0]: unknown key \"zLong\"")
    }

    /// A file of 1.1.0-alpha.5 has no identity tiers: it reads with every
    /// tier parameter 0 and no attestation, the example's own values, so the
    /// margins are the same; with alpha.6's fields it is refused.
    @Test func anAlpha5StateFileReadsWithoutTiers() throws {
        let (state, _) = try Self.specExample()
        let old = Self.asVersion("1.1.0-alpha.5", Self.withoutTiers(state))
        #expect(old.contains("1.1.0-alpha.5") && old.contains("zLong") && !old.contains("tierParams") && !old.contains("attestation"))
        try Self.expectSameEvaluation(old, state)
        try Self.expectRefused(Self.asVersion("1.1.0-alpha.5", state), "unknown key in a 1.1.0-alpha.5 file")
    }

    /// A file of 1.1.0-alpha.6 has 1.1.0's fields and reads as 1.1.0; without
    /// the tiers it is refused, as 1.1.0 would be.
    @Test func anAlpha6StateFileReadsAs110() throws {
        let (state, _) = try Self.specExample()
        let old = Self.asVersion("1.1.0-alpha.6", state)
        #expect(old.contains("\"1.1.0-alpha.6\"") && old.contains("tierParams"))
        try Self.expectSameEvaluation(old, state)
        try Self.expectRefused(Self.asVersion("1.1.0-alpha.6", Self.withoutTiers(state)), "missing key \"tierParams\"")
    }

    /// An attestation discounts the risk term until the second of its expiry.
    @Test func anAttestationDiscountsUntilItsExpiry() throws {
        let (state, _) = try Self.specExample()
        let tiered = state.replacingOccurrences(of: "\"discount3\": \"0\",\n    \"maxTierDiscount\": \"0\"",
                                                with: "\"discount3\": \"300000000000000000\",\n    \"maxTierDiscount\": \"300000000000000000\"")
            .replacingOccurrences(of: "\"expiry\": \"0\",\n        \"tier\": \"0\"", with: "\"expiry\": \"1700000700\",\n        \"tier\": \"3\"")
        let path = try RepositoryPaths.temporaryFolder().appendingPathComponent("tiered.json").path
        try tiered.write(toFile: path, atomically: true, encoding: .utf8)
        func discount(at time: String) throws -> String {
            let outcome = try MarginProcess.run(["eval", path, "--json", "--at", time])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
            return ((json?["accounts"] as? [[String: Any]])?.first?["tierDiscount"] as? String) ?? "?"
        }
        #expect(try discount(at: "1700000699") == "300000000000000000")
        #expect(try discount(at: "1700000700") == "0")
    }

    /// zLong and zShort outside [zScore, zScore + zHeadroom] are refused with their path.
    @Test(arguments: ["zLong", "zShort"])
    func anAdaptiveZOutsideItsRangeIsRefused(field: String) throws {
        let (state, _) = try Self.specExample()
        let path = try RepositoryPaths.temporaryFolder().appendingPathComponent("z.json").path
        let broken = state.replacingOccurrences(of: "\"\(field)\": \"2330000000000000000\"", with: "\"\(field)\": \"2330000000000000001\"")
        try broken.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["eval", path])
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("markets[0].\(field): out of bounds, expected zScore to zScore + zHeadroom"), "\(outcome.stderr)")
    }

    @Test func evalMatchesTheSpecWorkedExampleToTheWei() throws {
        let (state, expected) = try Self.specExample()
        let path = try RepositoryPaths.temporaryFolder().appendingPathComponent("state.json").path
        try state.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["eval", path, "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        var actual = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any] ?? [:]
        // The Spec's listing leaves out each position's adlScore.
        if var accounts = actual["accounts"] as? [[String: Any]] {
            for i in accounts.indices {
                accounts[i]["positions"] = (accounts[i]["positions"] as? [[String: Any]])?.map { p in
                    var p = p
                    p.removeValue(forKey: "adlScore")
                    return p
                }
            }
            actual["accounts"] = accounts
        }
        #expect(NSDictionary(dictionary: actual).isEqual(to: expected), "\(outcome.stdout)")
    }

    @Test func evalExampleShowsTheAccountNearLiquidation() throws {
        let outcome = try MarginProcess.run(["eval", "--example"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("0x3000000000000000000000000000000000000003"))
        #expect(outcome.stdout.contains("105.1%"))
        #expect(outcome.stdout.contains("quadratic VaR (correlated)"))
    }

    @Test func evalAtAnEarlierTimeThanAPriceIsBadInput() throws {
        let outcome = try MarginProcess.run(["eval", "--example", "--at", "1700000001"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("priceTime"))
        let bad = try MarginProcess.run(["eval", "--example", "--at", "soon"])
        #expect(bad.status == 2)
    }

    @Test(arguments: [
        ("{\"specVersion\": \"1.0.0\"}", "missing key"),
        ("[]", "expected an object"),
        ("{\"specVersion\": \"2\"}", "missing key \"timestamp\""),
        (String(repeating: "[", count: 10_000), "nesting deeper than"),
        ("", "empty input"),
    ])
    func badStateFileIsBadInput(content: String, expected: String) throws {
        let path = try RepositoryPaths.temporaryFolder().appendingPathComponent("bad.json").path
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["eval", path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(path) && outcome.stderr.contains(expected), "\(outcome.stderr)")
    }

    @Test(arguments: [
        ("\"variance\": \"2000000000\"", "\"variance\": \"-5\"", "markets[0].variance"),
        ("\"specVersion\": \"1.1.0\"", "\"specVersion\": \"0.9\"", "specVersion: expected \"1.1.0\" (or \"1.1.0-alpha.6\", \"1.1.0-alpha.5\", \"1.1.0-alpha.4\", \"1.1.0-alpha.3\", \"1.1.0-alpha.2\" or \"1.0.0\")"),
        ("\"depthFloor\": \"1000000000000000000\"", "\"depthFloor\": \"0\"", "markets[0].params.depthFloor: out of bounds, expected 10000000000000000 to 1000000000000000000"),
        ("\"garchOmega\": \"0\"", "\"garchOmega\": \"1\"", "markets[0].params: garchAlpha + garchBeta is above 10^18, or equal to it with a garchOmega other than 0"),
        ("\"specVersion\": \"1.1.0\"", "\"specVersion\": \"1.0.0\"", "tierParams: unknown key in a 1.0.0 file: identity tiers came in 1.1.0-alpha.6"),
        ("\"discount2\": \"0\"", "\"discount2\": \"1\"", "tierParams.discount2: expected at most maxTierDiscount (0), found 1"),
        ("\"maxTierDiscount\": \"0\"", "\"maxTierDiscount\": \"300000000000000001\"", "tierParams.maxTierDiscount: out of bounds, expected 0 to 300000000000000000"),
        ("\"expiry\": \"0\",\n        \"tier\": \"0\"", "\"expiry\": \"5\",\n        \"tier\": \"0\"", "accounts[0].attestation.tier: expected 1 to 3 with a non-zero expiry, or 0 with expiry 0, found 0"),
        ("\"expiry\": \"0\",\n        \"tier\": \"0\"", "\"expiry\": \"0\",\n        \"tier\": \"2\"", "accounts[0].attestation.expiry: expected a non-zero expiry for tier 2"),
        ("\"cash\": \"0\"", "\"cash\": 0", "accounts[1].cash: expected an int256 as a decimal string, found a number"),
        ("\"size\": \"10000000000000000000\"", "\"size\": \"1157920892373161954235709850086879078532699846656405640394575840079131296399360\"", "accounts[0].positions[0].size: value out of range"),
        ("\"weight\": \"800000000000000000\"", "\"weight\": \"0800000000000000000\"", "assets[1].weight: expected a uint256 as a decimal string without sign or leading zeros"),
    ])
    func stateFieldErrorsNameTheJSONPath(original: String, replacement: String, expected: String) throws {
        let (state, _) = try Self.specExample()
        let broken = state.replacingOccurrences(of: original, with: replacement)
        #expect(broken != state)
        let path = try RepositoryPaths.temporaryFolder().appendingPathComponent("state.json").path
        try broken.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["eval", path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
    }

    @Test(arguments: ["volatility", "size", "depth", "price", "oracle-age"])
    func plotWritesAnSVGWithTheLiquidationPoint(vary: String) throws {
        let out = try RepositoryPaths.temporaryFolder().appendingPathComponent("plot.svg").path
        let outcome = try MarginProcess.run(["plot", "--example", "--vary", vary, "--out", out])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let svg = try String(contentsOfFile: out, encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("maintenance margin") && svg.contains("initial margin") && svg.contains("equity"))
        #expect(svg.contains("liquidation point"), "the example account is near liquidation for every input")
        // Well-formed XML.
        _ = try XMLDocument(xmlString: svg)
    }

    @Test func plotOfAnUnknownAccountIsBadInput() throws {
        let out = try RepositoryPaths.temporaryFolder().appendingPathComponent("plot.svg").path
        let outcome = try MarginProcess.run(["plot", "--example", "--account", "0x00000000000000000000000000000000000000ff", "--out", out])
        #expect(outcome.status == 2)
        #expect(!FileManager.default.fileExists(atPath: out), "no half-written output")
    }

    @Test func sameScenarioSeedGivesTheSameBytes() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let a = folder.appendingPathComponent("a.json").path, b = folder.appendingPathComponent("b.json").path
        #expect(try MarginProcess.run(["scenario", "--seed", "9", "--calls", "80", "--out", a]).status == 0)
        #expect(try MarginProcess.run(["scenario", "--seed", "9", "--calls", "80", "--out", b]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))
        let c = folder.appendingPathComponent("c.json").path
        #expect(try MarginProcess.run(["scenario", "--seed", "10", "--calls", "80", "--out", c]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) != Data(contentsOf: URL(fileURLWithPath: c)))
    }

    /// The coverage file lists every check with its counts, and agrees with
    /// the summary on stderr; it may not be the scenario file itself.
    @Test func scenarioCoverageFileListsEveryCheck() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let out = folder.appendingPathComponent("s.json").path, coverage = folder.appendingPathComponent("checks.json").path
        let outcome = try MarginProcess.run(["scenario", "--seed", "3", "--calls", "120", "--out", out, "--coverage-file", coverage])
        #expect(outcome.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: coverage))) as? [String: Any])
        let (taken, sides) = (try #require(json["sidesTaken"] as? Int), try #require(json["sides"] as? Int))
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(sides == 2 * checks.count && taken > 0)
        #expect(outcome.stderr.contains("Spec checks: \(taken) of \(sides) sides taken"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("more (--coverage-file lists every check)"), "\(outcome.stderr)")
        let same = try MarginProcess.run(["scenario", "--out", out, "--coverage-file", out])
        #expect(same.status == 2, "\(same.stderr)")
    }

    @Test func vectorCheckPassesTheCommittedSuiteOfAnOperation() throws {
        let outcome = try MarginProcess.run(["vectors", "check", RepositoryPaths.path("Vectors/liquidate")])
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("0 failed"))
    }

    @Test func editedVectorFailsAtTheEditedField() throws {
        let original = try String(contentsOfFile: RepositoryPaths.path("Vectors/withdraw/boundaries/one-wei-below-initial-margin.json"), encoding: .utf8)
        let folder = try RepositoryPaths.temporaryFolder().appendingPathComponent("withdraw/boundaries")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("edited.json").path
        // Change the expected revert name and fix up nothing else: the hash and the field both disagree.
        try original.replacingOccurrences(of: "\"name\": \"InsufficientMargin\"", with: "\"name\": \"StalePrice\"")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["vectors", "check", path, "--json"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("\"path\": \"_info.hash\""), "\(outcome.stdout)")
    }

    @Test func malformedVectorIsBadInputNamingTheField() throws {
        let path = try RepositoryPaths.temporaryFolder().appendingPathComponent("case.json").path
        try #"{"_info": {}, "deployment": {}, "setup": [], "call": {}, "expect": {}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["vectors", "check", path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("_info: missing key"), "\(outcome.stderr)")
    }
}
