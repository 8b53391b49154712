import ContractIO
import Foundation
import MarginEngine
import Verification

/// The three kinds of checks `margin ci` runs. A malformed file becomes an
/// `error` check and the run goes on, so that the reports are written and
/// name every problem; items not reached within the time budget become
/// `notRun` checks.
struct CIRunner {
    /// Seconds since the run began, and the budget for the whole run.
    let clock: () -> Double
    let budget: Double

    var timeLeft: Double { budget - clock() }

    func vectors(_ paths: [String]) -> [CICheck] {
        var checks: [CICheck] = []
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
            let progress = ProgressBar("vectors", total: files.count)
            defer { progress.finish() }
            for (i, file) in files.enumerated() {
                progress.update(i)
                guard timeLeft > 0 else {
                    checks.append(CICheck(section: "vectors", name: file.relative, status: .notRun, message: "not checked: the time budget was spent",
                                          file: file.path, line: nil, seconds: 0, count: 0))
                    continue
                }
                let started = clock()
                let status: CICheck.Status
                let message: String
                switch VectorFiles.check(file) {
                case .pass: (status, message) = (.pass, "")
                case let .mismatch(m): (status, message) = (.fail, "field \(m.path): expected \(m.expected), model gives \(m.actual)")
                case let .malformed(text): (status, message) = (.error, "malformed case: \(text)")
                }
                checks.append(CICheck(section: "vectors", name: file.relative, status: status, message: message,
                                      file: file.path, line: nil, seconds: clock() - started, count: 1))
            }
        }
        return checks
    }

    func traces(_ folders: [String]) -> [CICheck] {
        var checks: [CICheck] = []
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
                    checks.append(CICheck(section: "traces", name: path, status: .notRun, message: "not replayed: the time budget was spent",
                                          file: path, line: nil, seconds: 0, count: 0))
                    continue
                }
                let started = clock()
                let progress = ProgressBar("diff \(DisplayText.escaped((path as NSString).lastPathComponent))", total: nil)
                let result: TraceDiff.Result
                do {
                    result = try TraceDiff.run(path: path, all: false, contextSize: 5) { progress.update($0) }
                } catch {
                    progress.finish()
                    checks.append(CICheck(section: "traces", name: path, status: .error, message: "malformed trace: \(error)",
                                          file: path, line: nil, seconds: clock() - started, count: 0))
                    continue
                }
                progress.finish()
                let first = result.divergences.first
                let replay = ShellWord.command(["margin", "diff", path, "--context", "10"])
                let message = first.map { d in
                    DiffReport.describe(d, context: result.contexts.first ?? [], replay: replay).joined(separator: "\n")
                } ?? ""
                checks.append(CICheck(section: "traces", name: path, status: first == nil ? .pass : .fail, message: message, file: path,
                                      line: first?.frame.line, seconds: clock() - started, count: result.calls))
            }
        }
        return checks
    }

    /// One check per invariant: failed when the campaign found a violation
    /// of it, not run when the budget did not let every configured run finish.
    func properties(_ settings: CIConfig) -> [CICheck] {
        let options = CampaignOptions(seed: settings.propsSeed, runs: settings.propsRuns, depth: settings.propsDepth)
        let started = clock()
        let progress = ProgressBar("properties", total: settings.propsRuns)
        let result = timeLeft > 0
            ? PropertyCampaign.run(options, timeBudget: timeLeft, clock: { clock() - started }, progress: { progress.update($0) })
            : nil
        progress.finish()
        let seconds = clock() - started
        let runs = result?.runs ?? 0
        let replay = ShellWord.command(["margin", "props", "--seed", String(settings.propsSeed), "--runs", String(settings.propsRuns),
                                        "--depth", String(settings.propsDepth)])
        return Invariant.allCases.map { invariant in
            let failures = result?.failures.filter { $0.shrunk.violation.invariant == invariant } ?? []
            let status: CICheck.Status
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
            return CICheck(section: "properties", name: invariant.name, status: status, message: message,
                           file: nil, line: nil, seconds: seconds / Double(Invariant.allCases.count), count: result?.calls ?? 0)
        }
    }
}
