import ContractIO
import EVMArithmetic
import MarginEngine

/// Text and JSON forms of a `margin diff` result.
public enum DiffReport {
    /// With `failOnADLRanking`, ADL ranking findings fail the trace as a divergence does;
    /// without it they are listed as information.
    public static func text(_ result: TraceDiff.Result, failOnADLRanking: Bool = false, replayCommand: (Int) -> String) -> String {
        let audit = (result.checkedCallFrames ? "" : "; delegation frames not checked (--flat-calls)")
            + "; " + ADLReport.summary(result.adlAudit)
        var out: [String]
        if result.divergences.isEmpty {
            let failing = failOnADLRanking && result.adlAudit.findingCount > 0
            out = ["\(failing ? "FAIL" : "PASS")  \(DisplayText.escaped(result.path)): \(result.calls) calls replayed on the model, no divergence"
                   + audit + (failing ? " (findings fail this check)" : "")]
        } else {
            out = ["FAIL  \(DisplayText.escaped(result.path)): \(result.divergences.count + result.unreported) divergence(s) in \(result.calls) calls replayed"
                   + (result.unreported > 0 ? " (the first \(result.divergences.count) shown)" : "") + audit]
        }
        for (divergence, context) in zip(result.divergences, result.contexts) {
            out.append("")
            out += describe(divergence, context: context, replay: replayCommand(divergence.index))
        }
        out += ADLReport.text(result.adlAudit)
        return out.joined(separator: "\n")
    }

    /// The ranking audit in the trace's JUnit case: the count and findings as
    /// `system-out`, and a failure when they fail the check and nothing else did.
    public static func addADLAudit(_ result: TraceDiff.Result, to testCase: inout JUnitReport.TestCase, failOnADLRanking: Bool) {
        let audit = result.adlAudit
        let body = ([ADLReport.summary(audit)] + ADLReport.text(audit)).joined(separator: "\n")
        testCase.systemOut = body
        if failOnADLRanking && audit.findingCount > 0 && testCase.failure == nil {
            testCase.failure = (ADLReport.summary(audit), body)
        }
    }

    public static func describe(_ d: Divergence, context: [ReplayedCall], replay: String) -> [String] {
        let f = d.frame
        let function = d.call?.function
        var out = [
            "Divergence at call \(d.index) (trace line \(f.line)), block \(f.blockNumber), timestamp \(f.timestamp)",
            "  caller    \(f.from)",
            "  call      " + (d.call.map(\.description) ?? "deployment (constructor)"),
            "  differs   \(d.field)",
            "  contract  " + InterfaceDecoding.observation(d.expected, function: function),
            "  model     " + InterfaceDecoding.observation(d.actual, function: function),
        ]
        if let revert = d.modelRevert, case .arithmetic = revert {
            out.append("            (the model's checked arithmetic failed: \(revert.name))")
        }
        if d.expected.data != d.actual.data {
            out.append("  bytes (\(d.expected.reverted ? "revert" : "return") data):")
            out += InterfaceDecoding.markedHex(expected: d.expected.data, actual: d.actual.data).map { "    " + $0 }
        } else if d.field.hasPrefix("event") || d.field == "number of events" {
            out.append("  events:")
            for i in 0..<max(d.expected.logs.count, d.actual.logs.count) {
                let e = i < d.expected.logs.count ? InterfaceDecoding.log(d.expected.logs[i]) : "(none)"
                let a = i < d.actual.logs.count ? InterfaceDecoding.log(d.actual.logs[i]) : "(none)"
                out.append("    [\(i)] contract \(e)")
                out.append("        model    \(a)")
                if i < d.expected.logs.count && i < d.actual.logs.count && d.expected.logs[i] != d.actual.logs[i] {
                    out += InterfaceDecoding.markedHex(expected: d.expected.logs[i].data, actual: d.actual.logs[i].data)
                        .map { "        " + $0 }
                }
            }
        }
        if !context.isEmpty {
            out.append("  preceding calls:")
            for c in context {
                let what = c.call.map(\.description) ?? "deployment"
                let result = c.observation.reverted ? "revert " + InterfaceDecoding.revert(c.observation.data) : "ok"
                out.append("    \(c.index)  t=\(c.frame.timestamp)  from \(c.frame.from)  \(what)  -> \(result)")
            }
        }
        out.append("  replay:   \(replay)")
        return out
    }

    public static func json(_ result: TraceDiff.Result, failOnADLRanking: Bool = false) -> JSONValue {
        .object([
            ("trace", .string(result.path)),
            ("calls", .number(String(result.calls))),
            ("result", .string(result.passes(failOnADLRanking: failOnADLRanking) ? "pass" : "fail")),
            ("callFramesChecked", .bool(result.checkedCallFrames)),
            ("divergences", .array(result.divergences.map { d in
                .object([
                    ("index", .number(String(d.index))),
                    ("line", .number(String(d.frame.line))),
                    ("block", .string(d.frame.blockNumber.description)),
                    ("timestamp", .string(d.frame.timestamp.description)),
                    ("caller", .string(d.frame.from.description)),
                    ("call", .string(d.call.map(\.description) ?? "deployment")),
                    ("field", .string(d.field)),
                    ("expected", observationJSON(d.expected, d.call?.function)),
                    ("actual", observationJSON(d.actual, d.call?.function)),
                ])
            })),
            ("adlAudit", ADLReport.json(result.adlAudit)),
        ])
    }

    private static func observationJSON(_ o: Observation, _ function: EngineFunction?) -> JSONValue {
        .object([
            ("reverted", .bool(o.reverted)),
            ("data", .string(HexBytes.encode(o.data))),
            ("decoded", .string(InterfaceDecoding.observation(o, function: function))),
            ("logs", .array(o.logs.map { log in
                .object([("topics", .array(log.topics.map { .string($0.paddedHexString) })),
                         ("data", .string(HexBytes.encode(log.data)))])
            })),
        ])
    }
}
