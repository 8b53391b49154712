import ContractIO
import Foundation

/// The verdict of `margin ci` as a summary table, JUnit XML and JSON.
enum CIReport {
    static let sections = ["vectors", "traces", "properties"]

    static func summary(_ checks: [CICheck], seconds: Double) -> String {
        var table = TextTable(["check", "items", "passed", "failed", "seconds", "detail"])
        for section in sections {
            let items = checks.filter { $0.section == section }
            let failed = items.filter { !$0.passed }
            let detail: String
            switch section {
            case "traces": detail = "\(items.reduce(0) { $0 + $1.count }) calls replayed"
            case "properties": detail = items.isEmpty ? "" : "\(items[0].count) calls, \(items.count) invariants"
            default: detail = ""
            }
            table.add([section, "\(items.count)", "\(items.count - failed.count)", "\(failed.count)",
                       String(format: "%.1f", items.reduce(0) { $0 + $1.seconds }), detail])
        }
        let failures = checks.filter { !$0.passed }
        var out = [table.render(), ""]
        for f in failures.prefix(20) {
            out.append("FAIL  \(f.section)  \(f.name)")
            out += f.message.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        }
        if failures.count > 20 { out.append("... and \(failures.count - 20) more failures (see the JUnit or JSON report)") }
        out.append(failures.isEmpty
            ? String(format: "VERDICT: PASS  (%d checks in %.1f s)", checks.count, seconds)
            : String(format: "VERDICT: FAIL  %d of %d checks failed (%.1f s)", failures.count, checks.count, seconds))
        return out.joined(separator: "\n")
    }

    static func junit(_ checks: [CICheck]) -> String {
        var report = JUnitReport(suiteName: "margin ci")
        report.cases = checks.map { c in
            JUnitReport.TestCase(name: c.name, className: c.section,
                                 failure: c.passed ? nil : (String(c.message.prefix { $0 != "\n" }), c.message),
                                 seconds: c.seconds)
        }
        return report.xml
    }

    /// The report of Spec/ci-report.schema.json.
    static func json(_ checks: [CICheck], seconds: Double, config: CIConfig) -> JSONValue {
        let failures = checks.filter { !$0.passed }
        return .object([
            ("schema", .string("https://dynamicmargin.example/ci-report/v1")),
            ("verdict", .string(failures.isEmpty ? "pass" : "fail")),
            ("elapsedSeconds", .number(String(format: "%.3f", seconds))),
            ("summary", .object(sections.map { section in
                let items = checks.filter { $0.section == section }
                return (section, .object([
                    ("items", .number(String(items.count))),
                    ("failed", .number(String(items.filter { !$0.passed }.count))),
                ]))
            })),
            ("checks", .array(checks.map { c in
                var members: [(key: String, value: JSONValue)] = [
                    ("section", .string(c.section)), ("name", .string(c.name)),
                    ("status", .string(c.passed ? "pass" : "fail")),
                ]
                if !c.passed { members.append(("message", .string(c.message))) }
                if let file = c.file { members.append(("file", .string(file))) }
                if let line = c.line { members.append(("line", .number(String(line)))) }
                return .object(members)
            })),
            ("config", .object([
                ("vectors", .array(config.vectors.map { .string($0) })),
                ("traces", .array(config.traces.map { .string($0) })),
                ("props", .object([("seed", .number(String(config.propsSeed))), ("runs", .number(String(config.propsRuns))),
                                   ("depth", .number(String(config.propsDepth)))])),
                ("timeBudgetSeconds", .number(String(config.timeBudgetSeconds))),
            ])),
        ])
    }
}
