import Foundation
import Testing

/// `margin backtest` as a user runs it: the committed BTC and ETH data,
/// the JSON keys the issue promises, bad input named to the line, and
/// byte-identical reports and plots.
@Suite struct BacktestCommandTests {
    static let btc = RepositoryPaths.path("Tests/Data/btc-usd-daily.csv")
    static let eth = RepositoryPaths.path("Tests/Data/eth-usd-daily.csv")

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func btcReportHasTheHeadlineKeysAsNumbers() throws {
        let outcome = try MarginProcess.run([Self.btc, "--horizon", "86400", "--json"].prepending("backtest"))
        #expect(outcome.status == 0 || outcome.status == 1, "\(outcome.stderr)")
        let report = try Self.json(outcome.stdout)
        for key in ["observations", "exceedances", "expectedExceedances", "exceedanceRate", "kupiecPValue",
                    "christoffersenPValue", "meanMarginRatio"] {
            #expect(report[key] is NSNumber, "\(key) is a JSON number")
        }
        // 5,152 days, 30 warm-up, the last has no next day.
        #expect(report["observations"] as? Int == 5152 - 30 - 1)
        #expect(report["steps"] as? Int == 5152)
        #expect(report["firstDate"] as? String == "2011-08-18" && report["lastDate"] as? String == "2025-09-24")
    }

    @Test func ethGapsAreSkippedVisibly() throws {
        let outcome = try MarginProcess.run(["backtest", Self.eth, "--horizon", "86400"])
        #expect(outcome.status == 0 || outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("4 gap(s) skipped: line 1717 (2020-04-17) null"))
        #expect(outcome.stdout.contains("2298 prices every 86400 s"))
    }

    @Test func reportAndPlotAreByteIdenticalAcrossRuns() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        var outputs: [(String, Data)] = []
        for run in 0..<2 {
            let svg = folder.appendingPathComponent("plot\(run).svg").path
            let outcome = try MarginProcess.run(["backtest", Self.eth, "--horizon", "86400", "--json", "--plot", svg])
            outputs.append((outcome.stdout, try Data(contentsOf: URL(fileURLWithPath: svg))))
        }
        #expect(outputs[0].0 == outputs[1].0)
        #expect(outputs[0].1 == outputs[1].1)
        let svg = String(decoding: outputs[0].1, as: UTF8.self)
        #expect(svg.hasPrefix("<svg") && svg.contains("class=\"exceedance\"") && svg.contains("class=\"breaker\""))
    }

    @Test func anUnobservableHorizonIsRefused() throws {
        let outcome = try MarginProcess.run(["backtest", Self.btc])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("a liquidation horizon of 3600 s cannot be observed"))
        #expect(outcome.stderr.contains("expected a multiple of 86400 s"))
    }

    /// GARCH weights the contract would refuse are named as such, before any replay.
    @Test func weightsThatFailRequireGarchAreRefused() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let params = folder.appendingPathComponent("params.json")
        try #"{"marketParams": {"garchAlpha": "100000000000000000"}}"#.write(to: params, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["backtest", Self.eth, "--horizon", "86400", "--params", params.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("market 0's garchAlpha 100000000000000000 + garchBeta 940000000000000000 is above 10^18"),
                "\(outcome.stderr)")
        let lambda = try MarginProcess.run(["backtest", Self.eth, "--horizon", "86400", "--ewma-lambda", "1.5"])
        #expect(lambda.status == 2)
        #expect(lambda.stderr.contains("--ewma-lambda: \"1.5\" is above 1, expected a decimal from 0 to 1"), "\(lambda.stderr)")
    }

    @Test(arguments: [
        ("Date,Close\n2020-01-01,100\n2020-01-02,abc\n", "3: column \"Close\": \"abc\" is not a price"),
        ("Date,Close\n2020-01-01,100\n2020-01-01,101\n", "3: column \"Date\": 2020-01-01 is not after 2020-01-01 on line 2"),
        ("Date,Close\n2020-13-01,100\n", "2: column \"Date\": \"2020-13-01\" is not a time"),
        ("Date,Close\n2020-01-01,100,7\n", "2: 3 fields, expected 2"),
        ("Day,Value\n2020-01-01,100\n", "1: no time column (looked for unix_timestamp, timestamp, date, time)"),
        ("Date,Close\n2020-01-01,1e5\n", "2: column \"Close\": \"1e5\" is not a price"),
        ("Date,Close\n2020-01-01,0\n", "is outside the contract's prices"),
    ])
    func badRowsAreNamedByLineAndColumn(_ csv: String, _ message: String) throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let file = folder.appendingPathComponent("prices.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["backtest", file.path, "--horizon", "86400"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("prices.csv:" + message) || outcome.stderr.contains(message), "\(outcome.stderr)")
    }

    @Test func sweepFindsAPassingSettingAndProposesItsPath() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let scenario = folder.appendingPathComponent("proposal.json").path
        let outcome = try MarginProcess.run(["backtest", Self.eth, "--horizon", "86400", "--sweep", "--z-grid", "2,2.33",
                                             "--lambda-grid", "0.94", "--base-grid", "0,0.01", "--json", "--propose", scenario])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let report = try Self.json(outcome.stdout)
        #expect((report["points"] as? [Any])?.count == 4)
        let best = try #require(report["cheapestPassing"] as? [String: Any])
        #expect(best["passes"] as? Bool == true)
        let file = try Self.json(String(contentsOfFile: scenario, encoding: .utf8))
        let calls = try #require(file["calls"] as? [[String: Any]])
        // The listing, then one setMarketParams and one read per cooldown.
        #expect(calls.count >= 3 && calls.count % 2 == 1)
        #expect(outcome.stderr.contains("setMarketParams steps written to"))
    }

    /// The README's 1.0-vs-1.1 table: with the same fixed terms (no base, a
    /// deep book, no breaker doubling), 1.0's EWMA normal margin is rejected
    /// on every side and 1.1's covers 99 % on every side. An adaptive z is
    /// scored against the 1 % it settles at, not against its floor's Φ.
    @Test(arguments: [(btc, "btc", "long"), (btc, "btc", "short"), (eth, "eth", "long"), (eth, "eth", "short")])
    func spec11CalibrationCoversWhereSpec10WithTheSameFixedTermsDoesNot(_ series: String, _ asset: String, _ side: String) throws {
        let old = try MarginProcess.run(["backtest", series, "--horizon", "86400", "--side", side, "--json",
                                         "--params", RepositoryPaths.path("docs/backtest-1.0-same-fixed-terms.json")])
        #expect(old.status == 1, "Kupiec rejects 1.0: \(old.stderr)")
        let new = try MarginProcess.run(["backtest", series, "--horizon", "86400", "--side", side, "--json",
                                         "--params", RepositoryPaths.path("docs/backtest-1.1-\(asset).json")])
        #expect(new.status == 0, "Kupiec does not reject 1.1: \(new.stderr)")
        let report = try Self.json(new.stdout)
        #expect(report["exceedanceProbability"] as? Double == 0.01)
        #expect(report["adaptiveZCeiling"] as? Double == 7.33)
        #expect(try #require(report["christoffersenPValue"] as? Double) > 0.05)
        let zones = try #require(report["rollingZones"] as? [String: Int])
        #expect(zones["red"] == 0 && zones["yellow", default: 0] * 100 < zones["green", default: 0])
        #expect(try Self.json(old.stdout)["adaptiveZCeiling"] is NSNull)
    }

    @Test func proposeNeedsSweep() throws {
        let outcome = try MarginProcess.run(["backtest", Self.eth, "--horizon", "86400", "--propose", "/dev/null"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--propose with --sweep"))
    }

    @Test func columnsAreChosenByName() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let file = folder.appendingPathComponent("p.csv")
        let rows = (0..<40).map { "\(1_600_000_000 / 86400 * 86400 + $0 * 86400),\(100 + $0 % 7).25,9" }
        try (["t,px,other"] + rows).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["backtest", file.path, "--time-column", "t", "--price-column", "px",
                                             "--horizon", "86400", "--warm-up", "5", "--window", "10", "--json"])
        #expect(outcome.status == 0 || outcome.status == 1, "\(outcome.stderr)")
        #expect(try Self.json(outcome.stdout)["observations"] as? Int == 40 - 5 - 1)
    }
}

extension Array where Element == String {
    func prepending(_ first: String) -> [String] { [first] + self }
}
