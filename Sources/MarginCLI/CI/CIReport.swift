import ContractIO
import Foundation
import Verification

/// The verdict of `margin ci` as a summary table, JUnit XML and JSON.
enum CIReport {
    static let sections = ["vectors", "traces", "properties"]

    enum Verdict: String {
        /// Everything configured was checked and passed.
        case pass
        /// A check failed.
        case fail
        /// Something could not be checked (a malformed file, a missing folder).
        case error
        /// The time budget ended before everything was checked.
        case incomplete

        var exitStatus: ExitStatus {
            switch self {
            case .pass: return .ok
            case .fail, .incomplete: return .checkFailed
            case .error: return .badInput
            }
        }
    }

    static func verdict(_ checks: [CICheck]) -> Verdict {
        if checks.contains(where: { $0.status == .error }) { return .error }
        if checks.contains(where: { $0.status == .fail }) { return .fail }
        if checks.contains(where: { $0.status == .notRun }) || checks.isEmpty { return .incomplete }
        return .pass
    }

    /// What was checked, in words: the verdict covers exactly this.
    static func coverage(_ checks: [CICheck], config: CIConfig) -> String {
        func done(_ section: String) -> [CICheck] { checks.filter { $0.section == section && ($0.status == .pass || $0.status == .fail) } }
        var parts: [String] = []
        if !config.vectors.isEmpty { parts.append("\(done("vectors").count) vector cases") }
        if !config.traces.isEmpty {
            let traces = done("traces")
            parts.append("\(traces.count) traces (\(traces.reduce(0) { $0 + $1.count }) calls replayed)")
        }
        if config.propsRuns > 0 {
            let props = checks.filter { $0.section == "properties" }
            let notRun = props.contains { $0.status == .notRun }
            parts.append("\(props.count) invariants on " + (notRun ? "fewer than \(config.propsRuns)" : "\(config.propsRuns)")
                         + " runs of depth \(config.propsDepth) (\(props.first?.count ?? 0) calls)")
        }
        return parts.joined(separator: ", ")
    }

    static func summary(_ checks: [CICheck], config: CIConfig, seconds: Double) -> String {
        var table = TextTable(["check", "items", "passed", "failed", "errors", "not run", "seconds", "detail"])
        for section in sections {
            let items = checks.filter { $0.section == section }
            func count(_ s: CICheck.Status) -> String { "\(items.filter { $0.status == s }.count)" }
            let configured: Bool
            switch section {
            case "vectors": configured = !config.vectors.isEmpty
            case "traces": configured = !config.traces.isEmpty
            default: configured = config.propsRuns > 0
            }
            let detail: String
            switch section {
            case _ where !configured: detail = "switched off in the config"
            case "traces": detail = "\(items.reduce(0) { $0 + $1.count }) calls replayed"
            case "properties": detail = items.isEmpty ? "" : "\(items[0].count) calls, \(config.propsRuns) runs configured"
            default: detail = ""
            }
            table.add([section, "\(items.count)", count(.pass), count(.fail), count(.error), count(.notRun),
                       String(format: "%.1f", items.reduce(0) { $0 + $1.seconds }), detail])
        }
        let problems = checks.filter { $0.status == .fail || $0.status == .error }
        var out = [table.render(), ""]
        for f in problems.prefix(20) {
            out.append("\(f.status == .fail ? "FAIL" : "ERROR")  \(f.section)  \(DisplayText.escaped(f.name))")
            out += f.message.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + DisplayText.escaped(String($0), maximumLength: 400) }
        }
        if problems.count > 20 { out.append("... and \(problems.count - 20) more (see the JUnit or JSON report)") }
        let notRun = checks.filter { $0.status == .notRun }.count
        if notRun > 0 {
            out.append("NOT RUN  \(notRun) checks: the time budget of \(config.timeBudgetSeconds) s was spent before them")
        }
        if seconds > Double(config.timeBudgetSeconds) {
            out.append(String(format: "OVERRUN  the run took %.1f s, %.1f s over the time budget of %d s (an item under way is finished)",
                              seconds, seconds - Double(config.timeBudgetSeconds), config.timeBudgetSeconds))
        }
        let checked = "checked: " + coverage(checks, config: config)
        switch verdict(checks) {
        case .pass:
            out.append(String(format: "VERDICT: PASS  %d checks in %.1f s; ", checks.count, seconds) + checked)
        case .fail:
            out.append(String(format: "VERDICT: FAIL  %d of %d checks failed (%.1f s); ", problems.count, checks.count, seconds) + checked)
        case .error:
            let errors = checks.filter { $0.status == .error }.count
            out.append(String(format: "VERDICT: ERROR  %d items could not be checked (%.1f s); ", errors, seconds) + checked)
        case .incomplete:
            out.append(String(format: "VERDICT: INCOMPLETE  %d checks not run within the time budget (%.1f s); ", notRun, seconds) + checked)
        }
        return out.joined(separator: "\n")
    }

    static func junit(_ checks: [CICheck]) -> String {
        var report = JUnitReport(suiteName: "margin ci")
        report.cases = checks.map { c in
            var testCase = JUnitReport.TestCase(name: DisplayText.escaped(c.name), className: c.section, seconds: c.seconds)
            let head = String(c.message.prefix { $0 != "\n" })
            switch c.status {
            case .pass: break
            case .fail: testCase.failure = (head, c.message)
            case .error: testCase.error = (head, c.message)
            case .notRun: testCase.skipped = head
            }
            return testCase
        }
        return report.xml
    }

    /// The report of Spec/ci-report.schema.json.
    static func json(_ checks: [CICheck], seconds: Double, config: CIConfig) -> JSONValue {
        .object([
            ("schema", .string("https://dynamicmargin.example/ci-report/v2")),
            ("verdict", .string(verdict(checks).rawValue)),
            ("checked", .string(coverage(checks, config: config))),
            ("elapsedSeconds", .number(String(format: "%.3f", seconds))),
            ("summary", .object(sections.map { section in
                let items = checks.filter { $0.section == section }
                func count(_ s: CICheck.Status) -> JSONValue { .number(String(items.filter { $0.status == s }.count)) }
                return (section, .object([
                    ("items", .number(String(items.count))),
                    ("passed", count(.pass)),
                    ("failed", count(.fail)),
                    ("errors", count(.error)),
                    ("notRun", count(.notRun)),
                ]))
            })),
            ("checks", .array(checks.map { c in
                var members: [(key: String, value: JSONValue)] = [
                    ("section", .string(c.section)), ("name", .string(c.name)), ("status", .string(c.status.rawValue)),
                ]
                if c.status != .pass { members.append(("message", .string(c.message))) }
                if let file = c.file { members.append(("file", .string(file))) }
                if let line = c.line { members.append(("line", .number(String(line)))) }
                return .object(members)
            })),
            ("config", .object([
                ("vectors", .array(config.vectors.map { .string($0) })),
                ("traces", .array(config.traces.map { .string($0) })),
                ("props", .object([("seed", .string(String(config.propsSeed))), ("runs", .number(String(config.propsRuns))),
                                   ("depth", .number(String(config.propsDepth)))])),
                ("timeBudgetSeconds", .number(String(config.timeBudgetSeconds))),
            ])),
        ])
    }
}
