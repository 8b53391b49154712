import ContractIO

/// The verdict of the release gate as a summary table, JUnit XML and JSON.
public enum GateReport {
    static let sections = ["vectors", "traces", "properties"]

    public enum Verdict: String, Sendable {
        /// Everything configured was checked and passed.
        case pass
        /// A check failed.
        case fail
        /// Something could not be checked (a malformed file, a missing folder).
        case error
        /// The time budget ended before everything was checked.
        case incomplete

        /// The tool's exit code: 0 pass, 1 fail or incomplete, 2 error.
        public var exitCode: Int32 {
            switch self {
            case .pass: return 0
            case .fail, .incomplete: return 1
            case .error: return 2
            }
        }
    }

    public static func verdict(_ checks: [GateCheck]) -> Verdict {
        if checks.contains(where: { $0.status == .error }) { return .error }
        if checks.contains(where: { $0.status == .fail }) { return .fail }
        if checks.contains(where: { $0.status == .notRun }) || checks.isEmpty { return .incomplete }
        return .pass
    }

    /// What was checked, in words: the verdict covers exactly this.
    public static func coverage(_ checks: [GateCheck], config: GateConfig) -> String {
        func done(_ section: String) -> [GateCheck] { checks.filter { $0.section == section && ($0.status == .pass || $0.status == .fail) } }
        var parts: [String] = []
        if !config.vectors.isEmpty { parts.append("\(done("vectors").count) vector cases") }
        func audit(_ audited: Int, _ findings: Int) -> String {
            "\(audited) deleverage\(audited == 1 ? "" : "s") audited, \(findings) ADL ranking finding\(findings == 1 ? "" : "s")"
        }
        if !config.traces.isEmpty {
            let traces = done("traces")
            parts.append("\(traces.count) traces (\(traces.reduce(0) { $0 + $1.count }) calls replayed, "
                         + audit(traces.reduce(0) { $0 + $1.deleveragesAudited }, traces.reduce(0) { $0 + $1.adlFindings }) + ")")
        }
        if config.propsRuns > 0 {
            let props = checks.filter { $0.section == "properties" }
            let runs = props.first?.runs ?? 0
            parts.append("\(props.count) invariants on " + (runs < config.propsRuns ? "\(runs) of \(config.propsRuns)" : "\(runs)")
                         + " runs of depth \(config.propsDepth) (\(props.first?.count ?? 0) calls, "
                         + audit(props.first?.deleveragesAudited ?? 0, props.first?.adlFindings ?? 0) + ")")
        }
        return parts.joined(separator: ", ")
    }

    public static func summary(_ checks: [GateCheck], config: GateConfig, seconds: Double) -> String {
        var table = TextTable(["check", "items", "passed", "failed", "errors", "not run", "seconds", "detail"])
        for section in sections {
            let items = checks.filter { $0.section == section }
            func count(_ s: GateCheck.Status) -> String { "\(items.filter { $0.status == s }.count)" }
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
                       FixedDecimal.text(items.reduce(0) { $0 + $1.seconds }, digits: 1), detail])
        }
        let problems = checks.filter { $0.status == .fail || $0.status == .error }
        var out = [table.render(), ""]
        for f in problems.prefix(20) {
            out.append("\(f.status == .fail ? "FAIL" : "ERROR")  \(f.section)  \(DisplayText.escaped(f.name))")
            out += f.message.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + DisplayText.escaped(String($0), maximumLength: 400) }
        }
        if problems.count > 20 { out.append("... and \(problems.count - 20) more (see the JUnit or JSON report)") }
        for c in checks where c.status == .pass && c.adlFindings > 0 && c.section == "traces" {
            out.append("ADL  traces  \(DisplayText.escaped(c.name)): \(c.adlFindings) ADL ranking finding(s) "
                       + "(information; \"failOnADLRanking\": true makes them fail; the JUnit report lists them)")
        }
        let notRun = checks.filter { $0.status == .notRun }.count
        if notRun > 0 {
            out.append("NOT RUN  \(notRun) checks: the time budget of \(config.timeBudgetSeconds) s was spent before them")
        }
        if seconds > Double(config.timeBudgetSeconds) {
            out.append("OVERRUN  the run took \(FixedDecimal.text(seconds, digits: 1)) s, "
                       + "\(FixedDecimal.text(seconds - Double(config.timeBudgetSeconds), digits: 1)) s over the time budget of "
                       + "\(config.timeBudgetSeconds) s (an item under way is finished)")
        }
        let checked = "checked: " + coverage(checks, config: config)
        let time = FixedDecimal.text(seconds, digits: 1)
        switch verdict(checks) {
        case .pass:
            out.append("VERDICT: PASS  \(checks.count) checks in \(time) s; " + checked)
        case .fail:
            let failed = checks.filter { $0.status == .fail }.count
            out.append("VERDICT: FAIL  \(failed) of \(checks.count) checks failed (\(time) s); " + checked)
        case .error:
            let errors = checks.filter { $0.status == .error }.count
            out.append("VERDICT: ERROR  \(errors) items could not be checked (\(time) s); " + checked)
        case .incomplete:
            out.append("VERDICT: INCOMPLETE  \(notRun) checks not run within the time budget (\(time) s); " + checked)
        }
        return out.joined(separator: "\n")
    }

    public static func junit(_ checks: [GateCheck]) -> String {
        var report = JUnitReport(suiteName: "margin ci")
        report.cases = checks.map { c in
            var testCase = JUnitReport.TestCase(name: DisplayText.escaped(c.name), className: c.section, seconds: c.seconds)
            if !c.information.isEmpty { testCase.systemOut = c.information }
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
    public static func json(_ checks: [GateCheck], seconds: Double, config: GateConfig) -> JSONValue {
        .object([
            ("schema", .string("https://dynamicmargin.example/ci-report/v2")),
            ("verdict", .string(verdict(checks).rawValue)),
            ("checked", .string(coverage(checks, config: config))),
            ("elapsedSeconds", .number(FixedDecimal.text(seconds, digits: 3))),
            ("summary", .object(sections.map { section in
                let items = checks.filter { $0.section == section }
                func count(_ s: GateCheck.Status) -> JSONValue { .number(String(items.filter { $0.status == s }.count)) }
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
                ("failOnADLRanking", .bool(config.failOnADLRanking)),
            ])),
        ])
    }
}
