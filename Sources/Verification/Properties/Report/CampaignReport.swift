import ContractIO
import EVMArithmetic
import MarginEngine

/// The report of a property campaign (Spec/invariants.md, "Property
/// reports"): one JSON object, from which the human text is also rendered,
/// so a merged report prints like a single one.
public enum CampaignReport {
    /// Keys whose values are measured, not computed: they contain `time` or `rate`.
    public static let timingKeys: Set<String> = ["elapsedTime", "callRate", "timeBudgetExhausted"]

    /// The replay command of one run of the campaign.
    public static func replayCommand(_ options: CampaignOptions, run: Int) -> String {
        var command = "margin props --seed \(options.seed) --depth \(options.depth) --replay-run \(run)"
        if options.plan.deepPeriod != CheckPlan().deepPeriod { command += " --deep-every \(options.plan.deepPeriod)" }
        if options.plan.invariants != Set(Invariant.allCases) {
            command += " --invariants " + options.plan.invariants.sorted().map(\.name).joined(separator: ",")
        }
        return command
    }

    /// Where `--save-failures DIR` writes a failure, relative to DIR.
    public static func vectorPath(_ failure: CampaignFailure) -> String {
        let function = failure.shrunk.calls.last?.call.function.name ?? "props"
        return "\(function)/regressions/\(failure.shrunk.violation.invariant.name)-\(failure.runSeed).json"
    }

    // MARK: JSON

    public static func json(_ result: CampaignResult, vectorDirectory: String? = nil) -> JSONValue {
        let o = result.options
        var members: [(key: String, value: JSONValue)] = [
            ("seed", .string(String(o.seed))),
            ("runs", .number(String(result.runs))),
            ("calls", .number(String(result.calls))),
            ("depth", .number(String(o.depth))),
            ("requestedRuns", .number(String(o.onlyRun == nil ? o.runs : 1))),
            ("shard", .object([("index", .number(String(o.shardIndex))), ("count", .number(String(o.shardCount)))])),
            ("system", .string(result.systemName)),
            ("deepEvery", .number(String(o.plan.deepPeriod))),
            ("invariants", .array(o.plan.invariants.sorted().map { .string($0.name) })),
            ("failures", .array(result.failures.map { failureJSON($0, o, vectorDirectory: vectorDirectory) })),
            ("coverage", result.coverage.json),
            ("specChecks", SpecCheckCoverage(result.coverage).json),
            ("adlAudit", ADLReport.json(result.adlAudit)),
            ("elapsedTime", .number(decimal(result.elapsedSeconds))),
            ("callRate", .number(decimal(result.elapsedSeconds > 0 ? Double(result.calls) / result.elapsedSeconds : 0))),
            ("timeBudgetExhausted", .bool(result.timeBudgetExhausted)),
        ]
        if let run = o.onlyRun { members.append(("replayRun", .number(String(run)))) }
        return .object(members)
    }

    static func failureJSON(_ f: CampaignFailure, _ o: CampaignOptions, vectorDirectory: String?) -> JSONValue {
        let calls = f.shrunk.calls
        var members: [(key: String, value: JSONValue)] = [
            ("invariant", .string(f.shrunk.violation.invariant.name)),
            ("message", .string(f.shrunk.violation.message)),
            ("run", .number(String(f.run))),
            ("runSeed", .string(String(f.runSeed))),
            ("originalCalls", .number(String(f.originalLength))),
            ("shrunkCalls", .number(String(calls.count))),
            ("shrinkReplays", .number(String(f.shrinkReplays))),
            ("deployment", .object([
                ("deployer", .string(f.shrunk.deployment.deployer.description)),
                ("timestamp", .string(f.shrunk.deployment.timestamp.description)),
                ("oracle", .string(f.shrunk.deployment.oracle.description)),
                ("exchange", .string(f.shrunk.deployment.exchange.description)),
                ("globalParams", .array(f.shrunk.deployment.globalParams.values.map { .string($0.description) })),
            ])),
            ("calls", .array(calls.enumerated().map { i, step in
                .object([
                    ("index", .number(String(i))),
                    ("caller", .string(step.from.description)),
                    ("actor", .string(Actors.label(step.from))),
                    ("timestamp", .string(step.timestamp.description)),
                    ("call", .string(step.call.description)),
                    ("calldata", .string(HexBytes.encode(step.call.calldata))),
                    ("outcome", .string(i < f.outcomes.count ? f.outcomes[i].summary : "")),
                ])
            })),
            ("replay", .string(replayCommand(o, run: f.run))),
        ]
        if let vectorDirectory {
            members.append(("vector", .string(joinedPath(vectorDirectory, vectorPath(f)))))
        }
        return .object(members)
    }

    public static func joinedPath(_ directory: String, _ relative: String) -> String {
        directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }

    /// A finite decimal for JSON (no exponent, no NaN), three decimals.
    static func decimal(_ x: Double) -> String {
        FixedDecimal.text(x.isFinite && x >= 0 ? x : 0, digits: 3)
    }

    /// The report without its timing fields: what must be identical for
    /// the same seed and options on any machine.
    public static func deterministicPart(_ report: JSONValue) -> JSONValue {
        guard case let .object(members) = report else { return report }
        return .object(members.filter { !timingKeys.contains($0.key) })
    }

    /// The runs shard `index` of `count` owns in a campaign of `runs` runs.
    public static func shardRuns(_ runs: Int, index: Int, count: Int) -> Int {
        runs > index ? (runs - index + count - 1) / count : 0
    }

    /// Whether a report covers fewer runs than its campaign asked for: a
    /// time budget spent, a failure limit reached, or shards missing from
    /// a merge. Such a report is PARTIAL and never a pass.
    public static func isPartial(_ report: JSONValue) -> Bool {
        let r = JSONReader(report)
        let runs = Int(r.text("runs")) ?? 0
        if let shards = r.object("shards") {
            return shards.text("complete") != "true" || runs < (Int(r.text("requestedRuns")) ?? 0)
        }
        let requested = Int(r.text("requestedRuns")) ?? 0
        guard !r.has("replayRun"), let shard = r.object("shard"),
              let index = Int(shard.text("index")), let count = Int(shard.text("count")), count > 0 else {
            return runs < requested
        }
        return runs < shardRuns(requested, index: index, count: count)
    }

    // MARK: Merging shards

    public struct MergeError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Sums several `--json` reports of the shards of one campaign: runs
    /// and calls add up, failures are the union (by run), and every shard
    /// must come from the same seed, depth, run count and invariants.
    public static func merge(_ reports: [(name: String, report: JSONValue)]) throws(MergeError) -> JSONValue {
        guard let first = reports.first else { throw MergeError(description: "no report to merge") }
        func field(_ r: (name: String, report: JSONValue), _ key: String) throws(MergeError) -> JSONValue {
            guard case let .object(members) = r.report, let value = members.first(where: { $0.key == key })?.value else {
                throw MergeError(description: "\(r.name): missing \"\(key)\"; expected a `margin props --json` report")
            }
            return value
        }
        func integer(_ r: (name: String, report: JSONValue), _ key: String) throws(MergeError) -> Int {
            guard case let .number(text) = try field(r, key), let value = Int(text), value >= 0 else {
                throw MergeError(description: "\(r.name): \"\(key)\" is not a whole number of 0 or more")
            }
            return value
        }
        func number(_ r: (name: String, report: JSONValue), _ key: String) -> Double {
            if case let .number(text)? = try? field(r, key) { return Double(text) ?? 0 }
            return 0
        }
        var runs = 0, calls = 0, elapsed = 0.0, exhausted = false
        var failures: [(Int, JSONValue)] = []
        var coverage: [String: (success: Int, reverts: [String: Int])] = [:]
        var shards: Set<Int> = []
        var shardCount = 0
        var adlAudited = 0, adlFindingCount = 0
        var adlFindings: [(run: Int, call: Int, finding: JSONValue)] = []
        for r in reports {
            for key in ["seed", "depth", "requestedRuns", "invariants", "deepEvery", "system"] where try field(r, key) != field(first, key) {
                throw MergeError(description: "\(r.name): \"\(key)\" differs from \(first.name); shards must come from one campaign")
            }
            guard case let .object(shard) = try field(r, "shard"),
                  case let .number(indexText)? = shard.first(where: { $0.key == "index" })?.value,
                  case let .number(countText)? = shard.first(where: { $0.key == "count" })?.value,
                  let index = Int(indexText), let count = Int(countText) else {
                throw MergeError(description: "\(r.name): \"shard\" must be {\"index\": I, \"count\": N}")
            }
            guard count >= 1, (0..<count).contains(index) else {
                throw MergeError(description: "\(r.name): shard \(index)/\(count) is not a shard (0 <= I < N)")
            }
            if JSONReader(r.report).has("replayRun") {
                throw MergeError(description: "\(r.name): the report of a --replay-run, not of a shard")
            }
            if shardCount != 0 && count != shardCount {
                throw MergeError(description: "\(r.name): shard count \(count) differs from \(shardCount)")
            }
            shardCount = count
            if !shards.insert(index).inserted {
                throw MergeError(description: "\(r.name): shard \(index)/\(count) appears twice")
            }
            let shardRuns = try integer(r, "runs"), shardCalls = try integer(r, "calls")
            let expected = CampaignReport.shardRuns(try integer(r, "requestedRuns"), index: index, count: count)
            guard shardRuns <= expected else {
                throw MergeError(description: "\(r.name): \(shardRuns) runs, but shard \(index)/\(count) of this campaign has only \(expected)")
            }
            guard shardCalls <= shardRuns * (try integer(r, "depth")) else {
                throw MergeError(description: "\(r.name): \(shardCalls) calls, more than \(shardRuns) runs of its depth can make")
            }
            runs += shardRuns
            calls += shardCalls
            elapsed += number(r, "elapsedTime")
            if case .bool(true)? = try? field(r, "timeBudgetExhausted") { exhausted = true }
            if let counts = try? field(r, "coverage") {
                let (successes, reverts) = coverageCounts(counts)
                for (function, n) in successes { coverage[function, default: (0, [:])].success += n }
                for (function, byName) in reverts {
                    for (name, n) in byName { coverage[function, default: (0, [:])].reverts[name, default: 0] += n }
                }
            }
            if let audit = JSONReader(r.report).object("adlAudit") {
                adlAudited += Int(audit.text("audited")) ?? 0
                adlFindingCount += Int(audit.text("findingCount")) ?? 0
                for (i, item) in audit.array("findings").enumerated() {
                    let f = JSONReader(item)
                    guard let run = Int(f.text("run")), run >= 0, run % count == index, let call = Int(f.text("call")) else {
                        throw MergeError(description: "\(r.name): adlAudit.findings[\(i)]: expected a finding of a run of shard \(index)/\(count)")
                    }
                    adlFindings.append((run, call, item))
                }
            }
            guard case let .array(items) = try field(r, "failures") else {
                throw MergeError(description: "\(r.name): \"failures\" is not an array")
            }
            var invariants: [String] = []
            if case let .array(names) = try field(r, "invariants") {
                for case let .string(name) in names { invariants.append(name) }
            }
            for (i, item) in items.enumerated() {
                failures.append(try validatedFailure(item, at: "\(r.name): failures[\(i)]", invariants: invariants,
                                                     shard: (index, count), report: r.report))
            }
        }
        failures.sort { $0.0 < $1.0 }
        return .object([
            ("seed", try field(first, "seed")),
            ("runs", .number(String(runs))),
            ("calls", .number(String(calls))),
            ("depth", try field(first, "depth")),
            ("requestedRuns", try field(first, "requestedRuns")),
            ("shards", .object([
                ("count", .number(String(shardCount))),
                ("merged", .array(shards.sorted().map { .number(String($0)) })),
                ("complete", .bool(shards.count == shardCount)),
            ])),
            ("system", try field(first, "system")),
            ("deepEvery", try field(first, "deepEvery")),
            ("invariants", try field(first, "invariants")),
            ("failures", .array(failures.map(\.1))),
            ("coverage", .object(coverage.keys.sorted().map { function in
                let c = coverage[function]!
                return (function, .object([
                    ("success", .number(String(c.success))),
                    ("reverts", .object(c.reverts.keys.sorted().map { ($0, .number(String(c.reverts[$0]!))) })),
                ]))
            })),
            ("specChecks", SpecCheckCoverage(successes: coverage.mapValues(\.success), reverts: coverage.mapValues(\.reverts)).json),
            ("adlAudit", .object([
                ("audited", .number(String(adlAudited))),
                ("findingCount", .number(String(adlFindingCount))),
                ("findings", .array(adlFindings.sorted { ($0.run, $0.call) < ($1.run, $1.call) }.prefix(ADLAudit.maximumKept).map(\.finding))),
            ])),
            ("elapsedTime", .number(decimal(elapsed))),
            ("callRate", .number(decimal(elapsed > 0 ? Double(calls) / elapsed : 0))),
            ("timeBudgetExhausted", .bool(exhausted)),
        ])
    }

    /// A failure of a shard report, checked field by field (it is read back
    /// from a file a stranger may have written), with its replay command
    /// rebuilt from the checked options rather than taken from the file.
    static func validatedFailure(_ item: JSONValue, at place: String, invariants: [String], shard: (index: Int, count: Int),
                                 report: JSONValue) throws(MergeError) -> (Int, JSONValue) {
        guard case var .object(members) = item else { throw MergeError(description: "\(place): expected a failure object") }
        let f = JSONReader(item)
        func require(_ ok: Bool, _ what: String) throws(MergeError) {
            if !ok { throw MergeError(description: "\(place).\(what)") }
        }
        try require(invariants.contains(f.text("invariant")), "invariant: \(JSONNode.quote(f.text("invariant"))) is not one of the report's invariants")
        guard case let .number(runText)? = f.member("run"), let run = Int(runText), run >= 0,
              run % shard.count == shard.index else {
            throw MergeError(description: "\(place).run: expected a run of shard \(shard.index)/\(shard.count)")
        }
        try require(JSONNode.isNumberSpelling(f.text("runSeed"), signed: false, hex: false) && UInt64(f.text("runSeed")) != nil,
                     "runSeed: expected a decimal string")
        guard case .string? = f.member("message"), case let .array(calls)? = f.member("calls"), !calls.isEmpty else {
            throw MergeError(description: "\(place): expected \"message\" and a non-empty \"calls\" array")
        }
        for (k, call) in calls.enumerated() {
            let c = JSONReader(call)
            for key in ["caller", "actor", "timestamp", "call", "calldata", "outcome"] {
                guard case .string? = c.member(key) else { throw MergeError(description: "\(place).calls[\(k)].\(key): expected a string") }
            }
        }
        let r = JSONReader(report)
        var replay = "margin props --seed \(r.text("seed")) --depth \(r.text("depth")) --replay-run \(run)"
        if r.text("deepEvery") != String(CheckPlan().deepPeriod) { replay += " --deep-every \(r.text("deepEvery"))" }
        if invariants.count != Invariant.allCases.count { replay += " --invariants " + invariants.joined(separator: ",") }
        members.removeAll { $0.key == "replay" }
        members.append(("replay", .string(replay)))
        return (run, .object(members))
    }

    // MARK: Text

    /// The human report: a summary line, then each failure with its shrunk
    /// sequence, the violated invariant with its numbers, and a replay command.
    public static func text(_ report: JSONValue) -> String {
        let r = JSONReader(report)
        let failures = r.array("failures")
        let invariants = r.array("invariants").count
        let scope = "seed \(r.text("seed")), depth \(r.text("depth"))"
        var shard = ""
        if let s = r.object("shard"), s.text("count") != "1" { shard = ", shard \(s.text("index"))/\(s.text("count"))" }
        if let s = r.object("shards") { shard = ", \(s.array("merged").count) of \(s.text("count")) shards merged" }
        var out: [String] = []
        let requested = r.has("replayRun") ? "1" : r.object("shards") == nil && r.object("shard").map({ $0.text("count") != "1" }) == true
            ? String(shardRuns(Int(r.text("requestedRuns")) ?? 0, index: Int(r.object("shard")!.text("index")) ?? 0,
                               count: Int(r.object("shard")!.text("count")) ?? 1))
            : r.text("requestedRuns")
        let counts = "\(r.text("runs")) of \(requested) runs, \(r.text("calls")) calls, \(invariants) invariants "
            + "(the cheap ones after every call, the expensive ones after about 1 call in \(r.text("deepEvery")) and after each run's last)"
        let partial = isPartial(report)
        if let s = r.object("shards"), s.text("complete") != "true" {
            let missing = (0..<(Int(s.text("count")) ?? 0)).filter { i in !s.array("merged").contains { JSONReader($0).string == String(i) } }
            out.append("margin props: PARTIAL: shards \(missing.map(String.init).joined(separator: ", ")) of \(s.text("count")) are missing from the merge")
        }
        if !failures.isEmpty {
            out.append("margin props: FAIL: \(failures.count) failing run\(failures.count == 1 ? "" : "s") in \(counts) (\(scope)\(shard))")
        } else if partial {
            let why = r.text("timeBudgetExhausted") == "true" ? "; the time budget was spent" : ""
            out.append("margin props: PARTIAL: no failure in \(counts), but not every run of the campaign ran\(why) (\(scope)\(shard))")
        } else {
            out.append("margin props: PASS: \(counts) (\(scope)\(shard))")
        }
        if let counts = r.member("coverage") {
            let (successes, reverts) = coverageCounts(counts)
            out.append(contentsOf: SpecCheckCoverage(successes: successes, reverts: reverts).reportLines(listedBy: "--json"))
        }
        if let audit = r.object("adlAudit") {
            out += adlLines(audit)
        }
        for f in failures.map(JSONReader.init) {
            let calls = f.array("calls").map(JSONReader.init)
            out.append("")
            out.append("FAIL \(f.text("invariant")) in run \(f.text("run")) (run seed \(f.text("runSeed")), seed \(r.text("seed")))")
            out.append("  \(relabel(f.text("message")))")
            out.append("  shrunk from \(f.text("originalCalls")) calls to \(f.text("shrunkCalls")) (\(f.text("shrinkReplays")) replays):")
            if let d = f.object("deployment") {
                let names = ParameterBounds.global.map(\.name)
                let values = d.array("globalParams").map { JSONReader($0).string }
                let params = zip(names, values).map { "\($0)=\($1)" }.joined(separator: " ")
                out.append("    deploy    t=\(d.text("timestamp"))  owner     constructor(oracle, exchange, \(params))")
            }
            let width = max(calls.map { $0.text("actor").count }.max() ?? 0, 8)
            for (i, c) in calls.enumerated() {
                let actor = c.text("actor").padded(to: width)
                let marker = i == calls.count - 1 ? "   <- violates \(f.text("invariant"))" : ""
                out.append("    #\(String(i).padded(to: 3))  t=\(c.text("timestamp"))  \(actor)  \(relabel(c.text("call")))  -> \(relabel(c.text("outcome")))\(marker)")
            }
            let actors = Set(calls.map { $0.text("caller") } + calls.flatMap { addresses(in: $0.text("call")) }).sorted()
            out.append("  actors: " + actors.map { "\(label(hex: $0)) \($0)" }.joined(separator: ", "))
            out.append("  replay: \(DisplayText.escaped(f.text("replay"), maximumLength: 400))")
            if f.has("vector") { out.append("  vector: \(f.text("vector"))") }
        }
        return out.joined(separator: "\n")
    }

    /// The per-function success and revert counts of a report's "coverage".
    static func coverageCounts(_ coverage: JSONValue) -> (successes: [String: Int], reverts: [String: [String: Int]]) {
        var successes: [String: Int] = [:], reverts: [String: [String: Int]] = [:]
        guard case let .object(functions) = coverage else { return (successes, reverts) }
        for (function, entry) in functions {
            let e = JSONReader(entry)
            successes[function, default: 0] += Int(e.text("success")) ?? 0
            if case let .object(byName)? = e.member("reverts") {
                for (name, count) in byName { reverts[function, default: [:]][name, default: 0] += Int(JSONReader(count).string) ?? 0 }
            }
        }
        return (successes, reverts)
    }

    /// ADL ranking findings of a report (0 for a report without the audit).
    public static func adlFindingCount(_ report: JSONValue) -> Int {
        Int(JSONReader(report).object("adlAudit")?.text("findingCount") ?? "") ?? 0
    }

    /// The ranking audit's lines of the text report, for a JUnit case.
    public static func adlText(_ report: JSONValue) -> String {
        JSONReader(report).object("adlAudit").map { adlLines($0).joined(separator: "\n") } ?? ""
    }

    /// Findings shown in the text; the JSON report keeps up to `ADLAudit.maximumKept`.
    static let adlFindingsShown = 5

    /// The ranking audit of the campaign's deleverages: information, since
    /// the generator, acting as keeper, sometimes picks another counterparty on purpose.
    static func adlLines(_ audit: JSONReader) -> [String] {
        let audited = audit.text("audited"), count = Int(audit.text("findingCount")) ?? 0
        var out = ["ADL ranking: \(audited) deleverage\(audited == "1" ? "" : "s") audited, \(count) finding\(count == 1 ? "" : "s")"
                   + (count > 0 ? " (information; --fail-on-adl-ranking makes them fail)" : "")]
        let findings = audit.array("findings")
        for finding in findings.prefix(adlFindingsShown) {
            out.append("")
            out += ADLReport.describe(json: finding).map { relabel($0) }
        }
        if count > min(findings.count, adlFindingsShown) {
            out.append("... and \(count - min(findings.count, adlFindingsShown)) more (the JSON report lists up to \(ADLAudit.maximumKept))")
        }
        return out
    }

    /// Replaces the hex addresses of known actors by their names.
    static func relabel(_ text: String) -> String {
        var out = text
        for address in addresses(in: text) where label(hex: address) != address {
            out = out.replacingAll(address, with: label(hex: address))
        }
        return out
    }

    static func label(hex: String) -> String {
        guard let address = try? Address(parsing: hex) else { return hex }
        return Actors.label(address)
    }

    /// The `0x` + 40 hex digit words in a text.
    static func addresses(in text: String) -> [String] {
        var found: [String] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i + 42 <= bytes.count {
            if bytes[i] == UInt8(ascii: "0") && bytes[i + 1] == UInt8(ascii: "x")
                && bytes[(i + 2)..<(i + 42)].allSatisfy({ isHexDigit($0) })
                && (i + 42 == bytes.count || !isHexDigit(bytes[i + 42])) {
                let word = String(decoding: bytes[i..<(i + 42)], as: UTF8.self)
                if !found.contains(word) { found.append(word) }
                i += 42
            } else {
                i += 1
            }
        }
        return found
    }

    private static func isHexDigit(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
    }
}

/// Lenient reads of a report's JSON for rendering it.
struct JSONReader {
    let value: JSONValue
    init(_ value: JSONValue) { self.value = value }

    func member(_ key: String) -> JSONValue? {
        if case let .object(members) = value { return members.first { $0.key == key }?.value }
        return nil
    }

    func has(_ key: String) -> Bool { member(key) != nil }
    /// A member as one line of text: control characters escaped, since a
    /// merged report's strings come from files anyone may have written.
    func text(_ key: String) -> String {
        member(key).map { DisplayText.escaped(JSONReader($0).string, maximumLength: 10_000) } ?? ""
    }
    func array(_ key: String) -> [JSONValue] { if case let .array(items)? = member(key) { return items }; return [] }
    func object(_ key: String) -> JSONReader? { if case .object? = member(key) { return JSONReader(member(key)!) }; return nil }

    var string: String {
        switch value {
        case let .string(s), let .number(s): return s
        case let .bool(b): return b ? "true" : "false"
        default: return ""
        }
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = "", rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
