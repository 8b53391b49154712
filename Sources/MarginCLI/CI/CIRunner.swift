import ContractIO
import Foundation
import MarginEngine
import Verification

/// The three kinds of checks `margin ci` runs.
enum CIRunner {
    static func vectors(_ folders: [String]) throws(ToolFailure) -> [CICheck] {
        let present = folders.filter { FileManager.default.fileExists(atPath: $0) }
        guard !present.isEmpty else { return [] }
        let files = try Margin.Vectors.Check.caseFiles(present)
        let progress = ProgressBar("vectors", total: files.count)
        defer { progress.finish() }
        var checks: [CICheck] = []
        for (i, file) in files.enumerated() {
            progress.update(i)
            let started = Date()
            let document = try InputFile.readJSON(file.path)
            let mismatch: VectorCheck.Mismatch?
            do {
                mismatch = try VectorCheck.check(json: document, relativePath: file.relative)
            } catch {
                throw .badInput("\(file.path): \(error)")
            }
            let message = mismatch.map { "field \($0.path): expected \($0.expected), model gives \($0.actual)" } ?? ""
            checks.append(CICheck(section: "vectors", name: file.relative, passed: mismatch == nil, message: message,
                                  file: file.path, line: nil, seconds: Date().timeIntervalSince(started), count: 1))
        }
        return checks
    }

    static func traces(_ folders: [String]) throws(ToolFailure) -> [CICheck] {
        var files: [String] = []
        for folder in folders where FileManager.default.fileExists(atPath: folder) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            files += names.filter { $0.hasSuffix(".jsonl") }.sorted().map { (folder as NSString).appendingPathComponent($0) }
        }
        var checks: [CICheck] = []
        for path in files {
            let started = Date()
            let progress = ProgressBar("diff \((path as NSString).lastPathComponent)", total: nil)
            let result: TraceDiff.Result
            do {
                result = try TraceDiff.run(path: path, all: false, contextSize: 5) { progress.update($0) }
            } catch {
                progress.finish()
                throw .badInput("\(error)")
            }
            progress.finish()
            let first = result.divergences.first
            let message = first.map { d in
                DiffReport.describe(d, context: result.contexts.first ?? [], replay: "margin diff \(path) --context 10")
                    .joined(separator: "\n")
            } ?? ""
            checks.append(CICheck(section: "traces", name: path, passed: first == nil, message: message, file: path,
                                  line: first?.frame.line, seconds: Date().timeIntervalSince(started), count: result.calls))
        }
        return checks
    }

    /// One check per invariant: failed when the campaign found a violation of it.
    static func properties(_ settings: CIConfig, timeBudget: Double) -> [CICheck] {
        let options = CampaignOptions(seed: settings.propsSeed, runs: settings.propsRuns, depth: settings.propsDepth)
        let clockStart = Date()
        let result = PropertyCampaign.run(options, timeBudget: timeBudget) { Date().timeIntervalSince(clockStart) }
        let seconds = Date().timeIntervalSince(clockStart)
        return Invariant.allCases.map { invariant in
            let failures = result.failures.filter { $0.shrunk.violation.invariant == invariant }
            let message = failures.first.map { f in
                "run \(f.run) (seed \(f.runSeed)): \(f.shrunk.violation.message); shrunk to \(f.shrunk.calls.count) calls; "
                    + "replay: margin props --seed \(settings.propsSeed) --runs \(settings.propsRuns) --depth \(settings.propsDepth)"
            } ?? ""
            return CICheck(section: "properties", name: invariant.name, passed: failures.isEmpty, message: message,
                           file: nil, line: nil, seconds: seconds / Double(Invariant.allCases.count),
                           count: result.calls)
        }
    }
}
