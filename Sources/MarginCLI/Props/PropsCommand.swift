import ArgumentParser
import ContractIO
import Foundation
import Verification

extension Margin {
    /// `margin props`: stateful random testing of the model against the
    /// invariants of Spec/invariants.md, with shrinking.
    struct Props: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "props",
            abstract: "Check the invariants of Spec/invariants.md on random call sequences and shrink any failure.",
            discussion: """
                Each run deploys the model with random parameters and makes --depth calls from the owner, \
                the oracle, the exchange, traders and keepers: listings, prices that drift, jump, crash and \
                go stale, trades sized on free margin, deposits and withdrawals, liquidations and \
                deleveragings aimed with the model's margin, parameter changes within and beyond the \
                guardrails, views and invalid calls. Every invariant is checked after every call; the \
                expensive ones (margin-monotone, rounding-favours-protocol, and the margin invariants on \
                every account) after about one call in --deep-every and after the last. A failing run is \
                shrunk to a short sequence and reported with a replay command.

                Run r has the seed SplitMix64(SplitMix64(seed) ^ r) and belongs to shard r mod N, so the \
                same options give the same report on any machine and the shards of a campaign cover \
                disjoint runs; --merge sums their --json reports (Spec/invariants.md, "Property reports").

                Exit status: 0 every invariant held, 1 a property failed, 2 bad usage or input.
                """
        )

        @Option(help: "Campaign seed (decimal).")
        var seed: UInt64 = 1

        @Option(help: "Number of runs in the whole campaign (over all shards).")
        var runs: Int = 100

        @Option(help: "Calls per run, set-up included.")
        var depth: Int = 80

        @Option(help: ArgumentHelp("Run only shard I of N (0-based): the runs r with r mod N == I.", valueName: "I/N"))
        var shard: String = "0/1"

        @Option(name: .customLong("time-budget"), help: ArgumentHelp("Start no new run after this many seconds (the runs done are reported).", valueName: "seconds"))
        var timeBudget: Double?

        @Option(name: .customLong("save-failures"), help: ArgumentHelp("Write each shrunk failure as a vector to DIR/<function>/regressions/<invariant>-<run seed>.json.", valueName: "dir"))
        var saveFailures: String?

        @Flag(help: "Print one JSON object on stdout instead of text.")
        var json = false

        @Option(help: ArgumentHelp("Also write a JUnit XML report to this file (one test case per invariant).", valueName: "file"))
        var junit: String?

        @Option(name: .customLong("replay-run"), help: ArgumentHelp("Run only run K of the campaign (as a failure's replay command does).", valueName: "K"))
        var replayRun: Int?

        @Option(name: .customLong("deep-every"), help: ArgumentHelp("Run the expensive checks after about one call in P (1: after every call).", valueName: "P"))
        var deepEvery: Int = CheckPlan().deepPeriod

        @Option(name: .customLong("max-failures"), help: "Start no new run after this many failures.")
        var maxFailures: Int = 20

        @Option(name: .customLong("shrink-budget"), help: "Replays allowed for shrinking one failure.")
        var shrinkBudget: Int = 3000

        @Option(help: ArgumentHelp("Check only these invariants (comma-separated Spec names; default: all of Spec/invariants.md).", valueName: "names"))
        var invariants: String?

        @Option(parsing: .upToNextOption, help: ArgumentHelp("Merge the --json reports of the shards of one campaign instead of running.", valueName: "file"))
        var merge: [String] = []

        func validate() throws {
            guard runs >= 0 && runs <= 100_000_000 else { throw ValidationError("Please give --runs from 0 to 100000000.") }
            guard (1...100_000).contains(depth) else { throw ValidationError("Please give --depth from 1 to 100000.") }
            guard parsedShard != nil else { throw ValidationError("Please give --shard as I/N with 0 <= I < N, e.g. 0/4.") }
            if let timeBudget, !(timeBudget >= 0) { throw ValidationError("Please give a --time-budget of 0 seconds or more.") }
            if let replayRun, replayRun < 0 { throw ValidationError("Please give a --replay-run of 0 or more.") }
            guard deepEvery >= 1 else { throw ValidationError("Please give a --deep-every of 1 or more.") }
            guard maxFailures >= 1 else { throw ValidationError("Please give a --max-failures of 1 or more.") }
            guard shrinkBudget >= 0 else { throw ValidationError("Please give a --shrink-budget of 0 or more.") }
            if let invariants, let bad = Self.names(invariants).first(where: { Invariant(name: $0) == nil }) {
                throw ValidationError("Please give --invariants as Spec names separated by commas; \"\(bad)\" is not one of: "
                                      + Invariant.allCases.map(\.name).joined(separator: ", ") + ".")
            }
        }

        static func names(_ list: String) -> [String] {
            list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        var checkedInvariants: Set<Invariant> {
            guard let invariants else { return Set(Invariant.allCases) }
            return Set(Self.names(invariants).compactMap(Invariant.init(name:)))
        }

        var parsedShard: (index: Int, count: Int)? {
            let parts = shard.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n else { return nil }
            return (i, n)
        }

        func run() throws {
            if !merge.isEmpty { return try runMerge() }
            let (index, count) = parsedShard!
            let options = CampaignOptions(seed: seed, runs: runs, depth: depth, shardIndex: index, shardCount: count,
                                          plan: CheckPlan(invariants: checkedInvariants, deepPeriod: deepEvery), shrinkBudget: shrinkBudget,
                                          maxFailures: maxFailures, onlyRun: replayRun)
            let start = Date()
            let result = PropertyCampaign.run(options, timeBudget: timeBudget) { Date().timeIntervalSince(start) }
            if let saveFailures {
                for failure in result.failures {
                    let path = CampaignReport.joinedPath(saveFailures, CampaignReport.vectorPath(failure))
                    try writeVector(failure, options: options, to: path)
                }
            }
            let report = CampaignReport.json(result, vectorDirectory: saveFailures)
            try emit(report, junitSeconds: result.elapsedSeconds)
            printToStandardError(String(format: "margin props: %d runs, %d calls in %.2f s (%.0f calls/s)%@",
                                        result.runs, result.calls, result.elapsedSeconds,
                                        Double(result.calls) / max(result.elapsedSeconds, 1e-9),
                                        result.timeBudgetExhausted ? "; time budget spent" : ""))
            if !result.failures.isEmpty { throw ExitStatus.checkFailed }
        }

        private func runMerge() throws {
            var reports: [(name: String, report: JSONValue)] = []
            for path in merge { reports.append((path, try InputFile.readJSON(path))) }
            let merged: JSONValue
            do { merged = try CampaignReport.merge(reports) } catch { throw ToolFailure.badInput("\(error)") }
            try emit(merged, junitSeconds: 0)
            if case let .object(members) = merged, case let .array(failures)? = members.first(where: { $0.key == "failures" })?.value,
               !failures.isEmpty {
                throw ExitStatus.checkFailed
            }
        }

        private func writeVector(_ failure: CampaignFailure, options: CampaignOptions, to path: String) throws {
            let text: String
            do { text = try RegressionVector.render(failure, options: options) } catch {
                throw ToolFailure(status: .internalError, message: "cannot record the vector for \(path): \(error)")
            }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw ToolFailure.badInput("cannot create \(folder.path): \(error.localizedDescription)")
            }
            try AtomicFile.write(text, to: path)
        }

        /// Prints the report (JSON or text), writes the JUnit file and the
        /// GitHub annotations.
        private func emit(_ report: JSONValue, junitSeconds: Double) throws {
            print(json ? CanonicalJSON.render(report) : CampaignReport.text(report), terminator: json ? "" : "\n")
            let failures = PropsReportFields.failures(report)
            if let junit {
                var suite = JUnitReport(suiteName: "margin props")
                for name in PropsReportFields.invariants(report) {
                    var testCase = JUnitReport.TestCase(name: name, className: "invariant")
                    let own = failures.filter { $0.invariant == name }
                    if let first = own.first {
                        testCase.failure = ("\(own.count) failing run(s); first: \(first.message)", CampaignReport.text(report))
                    }
                    suite.cases.append(testCase)
                }
                try AtomicFile.write(suite.xml, to: junit)
            }
            if !json && ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" {
                for f in failures {
                    print("::error title=margin props \(f.invariant)::\(f.message) (replay: \(f.replay))")
                }
            }
        }
    }
}

/// The few fields of a props report the command reads back.
enum PropsReportFields {
    static func invariants(_ report: JSONValue) -> [String] {
        guard case let .object(m) = report, case let .array(items)? = m.first(where: { $0.key == "invariants" })?.value else { return [] }
        return items.compactMap { if case let .string(s) = $0 { return s } else { return nil } }
    }

    static func failures(_ report: JSONValue) -> [(invariant: String, message: String, replay: String)] {
        guard case let .object(m) = report, case let .array(items)? = m.first(where: { $0.key == "failures" })?.value else { return [] }
        return items.map { item in
            func text(_ key: String) -> String {
                if case let .object(f) = item, case let .string(s)? = f.first(where: { $0.key == key })?.value { return s }
                return ""
            }
            return (text("invariant"), text("message"), text("replay"))
        }
    }
}
