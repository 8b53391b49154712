import ContractIO
import EVMArithmetic
import MarginEngine

/// Text and JSON forms of the deleveraging-ranking audit, shared by
/// `margin diff`, `margin ci` and `margin props`.
public enum ADLReport {
    /// "2 deleverages audited, 1 ADL ranking finding".
    public static func summary(_ audit: ADLAudit) -> String {
        let n = audit.findingCount
        return "\(audit.audited) deleverage\(audit.audited == 1 ? "" : "s") audited, "
            + "\(n) ADL ranking finding\(n == 1 ? "" : "s")"
    }

    /// A finding in words: where, the call, the chosen counterparty's rank
    /// and the eligible positions that score above it.
    public static func describe(_ f: ADLFinding) -> [String] {
        describe(json: json(f))
    }

    /// The same from the JSON form, which is all a merged props report has
    /// (its strings may come from a file anyone wrote: read leniently, escaped).
    static func describe(json finding: JSONValue) -> [String] {
        let f = JSONReader(finding)
        let place = f.has("line") ? "call \(f.text("call")) (trace line \(f.text("line")))"
            : "call \(f.text("call")) of run \(f.text("run")) (run seed \(f.text("runSeed")))"
        let ahead = f.text("aheadCount")
        var out = [
            "ADL ranking finding at \(place), timestamp \(f.text("timestamp")): the counterparty was not the top-ranked eligible position",
            "  call      deleverage(bankrupt \(f.text("bankrupt")), counterparty \(f.text("counterparty")), market \(f.text("market")), "
                + "size \(f.text("size"))) by \(f.text("keeper"))",
            "  chosen    rank \(f.text("rank")), adlScore \(score(f.member("counterpartyScore"))); "
                + "\(ahead) eligible position\(ahead == "1" ? " scores" : "s score") higher:",
        ]
        let shown = f.array("ahead").map(JSONReader.init)
        for (i, c) in shown.enumerated() {
            out.append("    \(i + 1)  \(c.text("account"))  adlScore \(score(c.member("adlScore")))")
        }
        if let count = Int(ahead), count > shown.count { out.append("    ... and \(count - shown.count) more") }
        out.append("    \(f.text("rank"))  \(f.text("counterparty"))  adlScore \(score(f.member("counterpartyScore")))  <- chosen")
        return out
    }

    /// Every kept finding, a blank line before each, and a note on the rest.
    public static func text(_ audit: ADLAudit) -> [String] {
        var out: [String] = []
        for f in audit.findings {
            out.append("")
            out += describe(f)
        }
        if audit.unkept > 0 { out.append("... and \(audit.unkept) more ADL ranking findings (counted, not kept)") }
        return out
    }

    /// `{"audited": n, "findingCount": n, "findings": [...]}`.
    public static func json(_ audit: ADLAudit) -> JSONValue {
        .object([
            ("audited", .number(String(audit.audited))),
            ("findingCount", .number(String(audit.findingCount))),
            ("findings", .array(audit.findings.map(json))),
        ])
    }

    public static func json(_ f: ADLFinding) -> JSONValue {
        let r = f.ranking
        var members: [(key: String, value: JSONValue)]
        switch f.place {
        case let .trace(index, line): members = [("call", .number(String(index))), ("line", .number(String(line)))]
        case let .run(run, runSeed, index):
            members = [("run", .number(String(run))), ("runSeed", .string(String(runSeed))), ("call", .number(String(index)))]
        }
        members += [
            ("timestamp", .string(f.timestamp.description)),
            ("keeper", .string(f.keeper.description)),
            ("bankrupt", .string(r.bankrupt.description)),
            ("market", .string(r.market.description)),
            ("size", .string(r.size.description)),
            ("counterparty", .string(r.chosen.account.description)),
            ("counterpartyScore", scoreJSON(r.chosen.score)),
            ("rank", .number(String(r.rank))),
            ("ahead", .array(r.ahead.map { .object([("account", .string($0.account.description)), ("adlScore", scoreJSON($0.score))]) })),
            ("aheadCount", .number(String(r.aheadCount))),
        ]
        return .object(members)
    }

    private static func score(_ s: JSONValue?) -> String {
        if case .string? = s { return DisplayText.escaped(JSONReader(s!).string) }
        return "reverts (checked arithmetic)"
    }

    private static func scoreJSON(_ s: Int256?) -> JSONValue {
        s.map { .string($0.description) } ?? .null
    }
}
