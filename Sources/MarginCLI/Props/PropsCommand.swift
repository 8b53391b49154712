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
                guardrails, views and invalid calls. The cheap invariants are checked after every call; the \
                expensive ones (margin-monotone, rounding-favours-protocol, and the margin invariants on \
                every account) after about one call in --deep-every and after the last. A failing run is \
                shrunk to a short sequence and reported with a replay command.

                Run r has the seed SplitMix64(SplitMix64(seed) ^ r) and belongs to shard r mod N, so the \
                same options give the same report on any machine and the shards of a campaign cover \
                disjoint runs; --merge sums their --json reports (Spec/invariants.md, "Property reports").

                Every successful deleverage is audited as `margin diff` does: a counterparty that was not \
                a top-ranked eligible position by adlScore is an ADL ranking finding. The generator is the \
                keeper and sometimes picks another counterparty on purpose, so findings are information \
                unless --fail-on-adl-ranking is given.

                Exit status: 0 every invariant held on every run, 1 a property failed or the campaign is \
                PARTIAL (runs cut short by --time-budget or --max-failures, shards missing from a merge), \
                or an ADL ranking finding with --fail-on-adl-ranking, 2 bad usage or input.

                Examples: margin props --runs 10000; margin props --runs 1000 --shard 0/4 --json-file s0.json; \
                margin props --merge s0.json s1.json s2.json s3.json
                """
        )

        @Option(parsing: .unconditional, help: ArgumentHelp("Campaign seed, 0 to 2^64-1 (default: 1).", valueName: "n"))
        var seed: UInt64?

        @Option(parsing: .unconditional, help: ArgumentHelp("Number of runs in the whole campaign, over all shards (default: 100).", valueName: "n"))
        var runs: Int?

        @Option(parsing: .unconditional, help: ArgumentHelp("Calls per run, set-up included (default: 80).", valueName: "n"))
        var depth: Int?

        @Option(help: ArgumentHelp("Run only shard I of N (0-based): the runs r with r mod N == I (default: 0/1).", valueName: "I/N"))
        var shard: String?

        @Option(name: .customLong("time-budget"), parsing: .unconditional,
                help: ArgumentHelp("Start no new run after this many seconds; a campaign cut short is PARTIAL (exit 1).", valueName: "seconds"))
        var timeBudget: Double?

        @Option(name: .customLong("save-failures"), help: ArgumentHelp("Write each shrunk failure as a vector to DIR/<function>/regressions/<invariant>-<run seed>.json; DIR must be a folder (created if missing).", valueName: "dir"))
        var saveFailures: String?

        @OptionGroup var report: ReportOptions

        @Option(name: .customLong("replay-run"), parsing: .unconditional, help: ArgumentHelp("Run only run n of the campaign (as a failure's replay command does).", valueName: "n"))
        var replayRun: Int?

        @Option(name: .customLong("deep-every"), parsing: .unconditional, help: ArgumentHelp("Run the expensive checks after about one call in n; 1: after every call (default: \(CheckPlan().deepPeriod)).", valueName: "n"))
        var deepEvery: Int?

        @Option(name: .customLong("max-failures"), parsing: .unconditional, help: ArgumentHelp("Start no new run after this many failures (default: 20).", valueName: "n"))
        var maxFailures: Int?

        @Option(name: .customLong("shrink-budget"), parsing: .unconditional, help: ArgumentHelp("Replays allowed for shrinking one failure (default: 3000).", valueName: "n"))
        var shrinkBudget: Int?

        @Option(help: ArgumentHelp("Check only these invariants (comma-separated Spec names; default: all of Spec/invariants.md).", valueName: "names"))
        var invariants: String?

        @Flag(name: .customLong("fail-on-adl-ranking"), help: "Exit 1 when a deleverage's counterparty was not a top-ranked eligible position (an ADL ranking finding).")
        var failOnADLRanking = false

        @Option(parsing: .upToNextOption, help: ArgumentHelp("Merge the --json reports of the shards of one campaign instead of running (only the report options may be given with it).", valueName: "file"))
        var merge: [String] = []

        var campaignSeed: UInt64 { seed ?? 1 }
        var campaignRuns: Int { runs ?? 100 }
        var campaignDepth: Int { depth ?? 80 }

        func validate() throws {
            if !merge.isEmpty {
                let given: [(String, Bool)] = [
                    ("--seed", seed != nil), ("--runs", runs != nil), ("--depth", depth != nil), ("--shard", shard != nil),
                    ("--time-budget", timeBudget != nil), ("--save-failures", saveFailures != nil), ("--replay-run", replayRun != nil),
                    ("--deep-every", deepEvery != nil), ("--max-failures", maxFailures != nil),
                    ("--shrink-budget", shrinkBudget != nil), ("--invariants", invariants != nil),
                ]
                if let option = given.first(where: { $0.1 })?.0 {
                    throw ValidationError("\(option) cannot be used with --merge: a merge runs nothing and takes the campaign's options from the reports. Please give only the report files and --json, --json-file, --junit or --fail-on-adl-ranking.")
                }
                return
            }
            guard (1...100_000_000).contains(campaignRuns) else { throw ValidationError("--runs must be from 1 to 100000000 (a campaign of no run checks nothing).") }
            guard (1...100_000).contains(campaignDepth) else { throw ValidationError("--depth must be from 1 to 100000.") }
            guard let (index, count) = parsedShard else { throw ValidationError("--shard must be I/N with 0 <= I < N, e.g. 0/4.") }
            if replayRun == nil && CampaignReport.shardRuns(campaignRuns, index: index, count: count) == 0 {
                throw ValidationError("--shard \(index)/\(count) owns no run of a \(campaignRuns)-run campaign: it would check nothing.")
            }
            if let replayRun, replayRun % count != index {
                throw ValidationError("--replay-run \(replayRun) belongs to shard \(replayRun % count)/\(count), not \(index)/\(count).")
            }
            if let timeBudget, !(timeBudget > 0) || !timeBudget.isFinite { throw ValidationError("--time-budget must be a number of seconds above 0.") }
            if let replayRun, !(0..<campaignRuns).contains(replayRun) { throw ValidationError("--replay-run must be from 0 to \(campaignRuns - 1) (the campaign's runs).") }
            if let deepEvery, deepEvery < 1 { throw ValidationError("--deep-every must be at least 1.") }
            if let maxFailures, maxFailures < 1 { throw ValidationError("--max-failures must be at least 1.") }
            if let shrinkBudget, shrinkBudget < 0 { throw ValidationError("--shrink-budget must be at least 0.") }
            if let invariants {
                if let bad = Self.names(invariants).first(where: { Invariant(name: $0) == nil }) {
                    throw ValidationError("--invariants: \"\(DisplayText.escaped(bad))\" is not one of: "
                                          + Invariant.allCases.map(\.name).joined(separator: ", ") + ".")
                }
                if Self.names(invariants).isEmpty { throw ValidationError("--invariants names no invariant: a campaign that checks nothing cannot pass.") }
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
            let parts = (shard ?? "0/1").split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n else { return nil }
            return (i, n)
        }

        func run() throws {
            if !merge.isEmpty { return try runMerge() }
            let (index, count) = parsedShard!
            let outputs = try report.files(inputs: [])
            let vectorFolder: OutputFolder?
            do { vectorFolder = try saveFailures.map { path throws(FileFailure) in try OutputFolder(path, option: "--save-failures") } } catch {
                throw ToolFailure(error)
            }
            let options = CampaignOptions(seed: campaignSeed, runs: campaignRuns, depth: campaignDepth, shardIndex: index, shardCount: count,
                                          plan: CheckPlan(invariants: checkedInvariants, deepPeriod: deepEvery ?? CheckPlan().deepPeriod),
                                          shrinkBudget: shrinkBudget ?? 3000, maxFailures: maxFailures ?? 20, onlyRun: replayRun)
            let start = Date()
            let progress = ProgressBar("props", total: replayRun == nil ? CampaignReport.shardRuns(campaignRuns, index: index, count: count) : 1)
            let result = PropertyCampaign.run(options, timeBudget: timeBudget, clock: { Date().timeIntervalSince(start) },
                                              progress: { progress.update($0) })
            progress.finish()
            if let vectorFolder {
                for failure in result.failures {
                    try writeVector(failure, options: options, into: vectorFolder)
                }
            }
            let json = CampaignReport.json(result, vectorDirectory: saveFailures)
            try emit(json, outputs: outputs)
            printToStandardError(String(format: "margin props: %d runs, %d calls in %.2f s (%.0f calls/s)%@",
                                        result.runs, result.calls, result.elapsedSeconds,
                                        Double(result.calls) / max(result.elapsedSeconds, 1e-9),
                                        result.timeBudgetExhausted ? "; time budget spent" : ""))
            if !result.failures.isEmpty || CampaignReport.isPartial(json) || failsOnADLRanking(json) { throw ExitStatus.checkFailed }
        }

        private func runMerge() throws {
            let outputs = try report.files(inputs: merge)
            var reports: [(name: String, report: JSONValue)] = []
            for path in merge { reports.append((path, try InputFile.readJSON(path))) }
            let merged: JSONValue
            do { merged = try CampaignReport.merge(reports) } catch { throw ToolFailure.badInput("\(error)") }
            try emit(merged, outputs: outputs)
            if !PropsReportFields.failures(merged).isEmpty || CampaignReport.isPartial(merged) || failsOnADLRanking(merged) {
                throw ExitStatus.checkFailed
            }
        }

        private func failsOnADLRanking(_ report: JSONValue) -> Bool {
            failOnADLRanking && CampaignReport.adlFindingCount(report) > 0
        }

        private func writeVector(_ failure: CampaignFailure, options: CampaignOptions, into folder: OutputFolder) throws {
            let text: String
            do { text = try RegressionVector.render(failure, options: options) } catch {
                throw ToolFailure(status: .internalError, message: "cannot record the vector of run \(failure.run): \(error)")
            }
            do { try folder.writeNew(Array(text.utf8), at: CampaignReport.vectorPath(failure)) } catch { throw ToolFailure(error) }
        }

        /// Prints the report (JSON or text), writes the report files and the
        /// GitHub annotations.
        private func emit(_ json: JSONValue, outputs: (json: OutputFile?, junit: OutputFile?)) throws {
            print(report.json ? CanonicalJSON.render(json) : CampaignReport.text(json), terminator: report.json ? "" : "\n")
            if !report.json && failsOnADLRanking(json) {
                print("margin props: FAIL: \(CampaignReport.adlFindingCount(json)) ADL ranking finding(s), and --fail-on-adl-ranking makes them fail")
            }
            let failures = PropsReportFields.failures(json)
            try outputs.json?.writeReporting(CanonicalJSON.render(json))
            if let junit = outputs.junit {
                var suite = JUnitReport(suiteName: "margin props")
                for name in PropsReportFields.invariants(json) {
                    var testCase = JUnitReport.TestCase(name: name, className: "invariant")
                    let own = failures.filter { $0.invariant == name }
                    if let first = own.first {
                        testCase.failure = ("\(own.count) failing run(s); first: \(first.message)", CampaignReport.text(json))
                    }
                    suite.cases.append(testCase)
                }
                // With the flag the ranking is a check of its own; without it, information in the text and JSON.
                if failOnADLRanking {
                    var audit = JUnitReport.TestCase(name: "ADL ranking", className: "deleverage")
                    audit.systemOut = CampaignReport.adlText(json)
                    if failsOnADLRanking(json) { audit.failure = ("\(CampaignReport.adlFindingCount(json)) ADL ranking finding(s)", audit.systemOut ?? "") }
                    suite.cases.append(audit)
                }
                if CampaignReport.isPartial(json) {
                    suite.cases.append(JUnitReport.TestCase(name: "campaign complete", className: "campaign",
                                                            failure: ("PARTIAL", CampaignReport.text(json))))
                }
                try junit.writeReporting(suite.xml)
            }
            if !report.json && GitHubAnnotation.enabled(environment: ProcessInfo.processInfo.environment) {
                for f in failures {
                    print(GitHubAnnotation(title: "margin props \(f.invariant)", message: "\(f.message) (replay: \(f.replay))").errorLine)
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
