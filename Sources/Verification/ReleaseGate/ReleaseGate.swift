import ContractIO
import MarginEngine

/// Something that shows how far a long step is (a progress bar on a
/// terminal); the gate calls it, the command line draws it.
public protocol ProgressDisplay: AnyObject {
    func update(_ done: Int)
    func finish()
}

/// The release gate behind `margin ci`: every vector case, every trace and
/// a property campaign, each a `GateCheck`, within a time budget. A malformed file becomes an
/// `error` check and the run goes on, so that the reports are written and
/// name every problem; items not reached within the time budget become
/// `notRun` checks.
public struct ReleaseGate {
    /// Seconds since the run began, and the budget for the whole run.
    public let config: GateConfig
    let clock: () -> Double
    let budget: Double
    /// A display for one stage (label, total if known), or nil for none.
    let progress: (_ label: String, _ total: Int?) -> ProgressDisplay?

    /// `clock` gives the seconds since the run began.
    public init(config: GateConfig, clock: @escaping () -> Double,
                progress: @escaping (_ label: String, _ total: Int?) -> ProgressDisplay? = { _, _ in nil }) {
        self.config = config
        self.clock = clock
        budget = Double(config.timeBudgetSeconds)
        self.progress = progress
    }

    var timeLeft: Double { budget - clock() }

    /// The files a run of `config` reads (its vector cases and traces, as far
    /// as they can be listed), so that no report is written over one.
    public static func inputFiles(_ config: GateConfig) -> [String] {
        var files: [String] = []
        for path in config.vectors { files += ((try? VectorFiles.find([path])) ?? []).map(\.path) }
        for folder in config.traces where FileKind.of(folder) == .folder {
            files += ((try? FolderWalk.files(under: folder, suffix: ".jsonl")) ?? []).map { folder.hasSuffix("/") ? folder + $0 : folder + "/" + $0 }
        }
        return files
    }

    /// Every configured check, in order: vectors, traces, properties.
    public func run() -> [GateCheck] {
        var checks = vectors(config.vectors)
        checks += traces(config.traces)
        if config.propsRuns > 0 { checks += properties(config) }
        return checks
    }

    func vectors(_ paths: [String]) -> [GateCheck] {
        var checks: [GateCheck] = []
        for path in paths {
            let files: [VectorFiles.File]
            do { files = try VectorFiles.find([path]) } catch {
                checks.append(.error("vectors", name: path, message: "\(error)", file: error.file))
                continue
            }
            if files.isEmpty {
                checks.append(.error("vectors", name: path, message: "no .json case files here: nothing to check", file: path))
                continue
            }
            let display = progress("vectors", files.count)
            defer { display?.finish() }
            for (i, file) in files.enumerated() {
                display?.update(i)
                guard timeLeft > 0 else {
                    checks.append(GateCheck(section: "vectors", name: file.relative, status: .notRun, message: "not checked: the time budget was spent",
                                          file: file.path, line: nil, seconds: 0, count: 0))
                    continue
                }
                let started = clock()
                let status: GateCheck.Status
                let message: String
                switch VectorFiles.check(file) {
                case .pass: (status, message) = (.pass, "")
                case let .mismatch(m): (status, message) = (.fail, "field \(m.path): expected \(m.expected), model gives \(m.actual)")
                case let .malformed(text): (status, message) = (.error, "malformed case: \(text)")
                }
                checks.append(GateCheck(section: "vectors", name: file.relative, status: status, message: message,
                                      file: file.path, line: nil, seconds: clock() - started, count: 1))
            }
        }
        return checks
    }

    func traces(_ folders: [String]) -> [GateCheck] {
        var checks: [GateCheck] = []
        for folder in folders {
            let files: [String]
            do throws(FileFailure) {
                guard FileKind.of(folder) == .folder else { throw FileFailure(file: folder, message: "no such folder") }
                files = try FolderWalk.files(under: folder, suffix: ".jsonl").map { folder.hasSuffix("/") ? folder + $0 : folder + "/" + $0 }
            } catch {
                checks.append(.error("traces", name: folder, message: "\(error)", file: error.file))
                continue
            }
            if files.isEmpty {
                checks.append(.error("traces", name: folder, message: "no .jsonl traces here: nothing to check", file: folder))
            }
            for path in files {
                guard timeLeft > 0 else {
                    checks.append(GateCheck(section: "traces", name: path, status: .notRun, message: "not replayed: the time budget was spent",
                                          file: path, line: nil, seconds: 0, count: 0))
                    continue
                }
                let started = clock()
                let display = progress("diff \(DisplayText.escaped(String(path.split(separator: "/").last ?? "")))", nil)
                let result: TraceDiff.Result
                do {
                    result = try TraceDiff.run(path: path, all: false, contextSize: 5) { display?.update($0) }
                } catch {
                    display?.finish()
                    checks.append(GateCheck(section: "traces", name: path, status: .error, message: "malformed trace: \(error)",
                                          file: path, line: nil, seconds: clock() - started, count: 0))
                    continue
                }
                display?.finish()
                let first = result.divergences.first
                let replay = "margin diff \(ShellWord.path(path)) --context 10"
                let audit = result.adlAudit
                let findings = audit.findingCount == 0 ? ""
                    : ([ADLReport.summary(audit)] + ADLReport.text(audit)).joined(separator: "\n")
                let failsOnADL = config.failOnADLRanking && audit.findingCount > 0
                var message = first.map { d in
                    DiffReport.describe(d, context: result.contexts.first ?? [], replay: replay).joined(separator: "\n")
                } ?? ""
                if failsOnADL { message += (message.isEmpty ? "" : "\n\n") + findings }
                var firstLine = first?.frame.line
                if firstLine == nil, failsOnADL, case let .trace(_, line)? = audit.findings.first?.place { firstLine = line }
                var check = GateCheck(section: "traces", name: path, status: first == nil && !failsOnADL ? .pass : .fail, message: message,
                                      file: path, line: firstLine, seconds: clock() - started, count: result.calls)
                check.deleveragesAudited = audit.audited
                check.adlFindings = audit.findingCount
                if !failsOnADL { check.information = findings }
                checks.append(check)
            }
        }
        return checks
    }

    /// One check per invariant: failed when the campaign found a violation
    /// of it, not run when the budget did not let every configured run finish.
    func properties(_ settings: GateConfig) -> [GateCheck] {
        let options = CampaignOptions(seed: settings.propsSeed, runs: settings.propsRuns, depth: settings.propsDepth)
        let started = clock()
        let display = progress("properties", settings.propsRuns)
        let result = timeLeft > 0
            ? PropertyCampaign.run(options, timeBudget: timeLeft, clock: { clock() - started }, progress: { display?.update($0) })
            : nil
        display?.finish()
        let seconds = clock() - started
        let runs = result?.runs ?? 0
        let replay = ShellWord.command(["margin", "props", "--seed", String(settings.propsSeed), "--runs", String(settings.propsRuns),
                                        "--depth", String(settings.propsDepth)])
        return Invariant.allCases.map { invariant in
            let failures = result?.failures.filter { $0.shrunk.violation.invariant == invariant } ?? []
            let status: GateCheck.Status
            let message: String
            if let f = failures.first {
                status = .fail
                message = "run \(f.run) (seed \(f.runSeed)): \(f.shrunk.violation.message); shrunk to \(f.shrunk.calls.count) calls; replay: \(replay)"
            } else if runs < settings.propsRuns {
                status = .notRun
                message = "checked on \(runs) of \(settings.propsRuns) runs only: the time budget was spent"
            } else {
                (status, message) = (.pass, "")
            }
            var check = GateCheck(section: "properties", name: invariant.name, status: status, message: message,
                                  file: nil, line: nil, seconds: seconds / Double(Invariant.allCases.count), count: result?.calls ?? 0)
            check.runs = runs
            check.deleveragesAudited = result?.adlAudit.audited ?? 0
            check.adlFindings = result?.adlAudit.findingCount ?? 0
            return check
        }
    }
}
