import ContractIO

/// Which sides of the Spec's named checks (SpecChecks) a set of calls took:
/// a check is *raised* when a call reverted with its error, and *passed*
/// when a call of the operation got beyond every step that raises it
/// (the call succeeded, or reverted with an error of a later step). Both
/// sides of every check is the goal; checked-arithmetic reverts are counted
/// per operation, since the Spec does not number them.
public struct SpecCheckCoverage: Sendable {
    public struct Row: Sendable {
        public var operation: String
        public var check: SpecChecks.Check
        public var raised: Int
        public var passed: Int
    }

    public private(set) var rows: [Row] = []
    /// Checked-arithmetic reverts ("arithmetic", "division-by-zero") per operation.
    public private(set) var arithmetic: [(operation: String, count: Int)] = []

    /// From per-function success counts and revert counts by error name,
    /// as Coverage keeps them.
    public init(successes: [String: Int], reverts: [String: [String: Int]]) {
        for (operation, checks) in SpecChecks.table {
            let byError = reverts[operation] ?? [:]
            var firstStep: [String: Int] = [:]
            for check in checks { firstStep[check.error] = check.steps.min() }
            for check in checks {
                let last = check.steps.max() ?? 0
                let later = byError.reduce(0) { sum, entry in
                    guard let step = firstStep[entry.key], step > last else { return sum }
                    return sum + entry.value
                }
                rows.append(Row(operation: operation, check: check, raised: byError[check.error] ?? 0,
                                passed: (successes[operation] ?? 0) + later))
            }
            let arithmeticReverts = byError.filter { firstStep[$0.key] == nil }.values.reduce(0, +)
            if arithmeticReverts > 0 { arithmetic.append((operation, arithmeticReverts)) }
        }
    }

    public init(_ coverage: Coverage) {
        self.init(successes: coverage.successes, reverts: coverage.reverts)
    }

    /// Both sides of every check.
    public var sideCount: Int { rows.count * 2 }
    public var sidesTaken: Int { rows.reduce(0) { $0 + ($1.raised > 0 ? 1 : 0) + ($1.passed > 0 ? 1 : 0) } }

    /// "deposit CollateralLimitExceeded (steps 3, 5): never raised", one per untaken side.
    public var untakenSides: [String] {
        rows.flatMap { row -> [String] in
            let name = "\(row.operation) \(row.check.error) (step\(row.check.steps.count == 1 ? "" : "s") "
                + row.check.steps.map(String.init).joined(separator: ", ") + ")"
            return (row.raised == 0 ? ["\(name): never raised"] : []) + (row.passed == 0 ? ["\(name): never passed"] : [])
        }
    }

    /// Untaken sides among the checks of `operation`.
    public func untakenSides(of operation: String) -> Int {
        rows.reduce(0) { $0 + ($1.operation == operation ? ($1.raised == 0 ? 1 : 0) + ($1.passed == 0 ? 1 : 0) : 0) }
    }

    /// "Spec checks: 131 of 162 sides taken (both sides of 60 of 81 checks)".
    public var summary: String {
        let both = rows.filter { $0.raised > 0 && $0.passed > 0 }.count
        return "Spec checks: \(sidesTaken) of \(sideCount) sides taken (both sides of \(both) of \(rows.count) checks)"
    }

    /// The summary, then each untaken side (the first `limit`), for a text
    /// report; `listedBy` names the option that lists every check.
    public func reportLines(limit: Int = 12, listedBy option: String) -> [String] {
        let untaken = untakenSides
        var lines = [summary + (untaken.isEmpty ? "" : "; not taken:")]
        lines += untaken.prefix(limit).map { "  " + $0 }
        if untaken.count > limit { lines.append("  … and \(untaken.count - limit) more (\(option) lists every check)") }
        if !arithmetic.isEmpty {
            lines.append("  checked-arithmetic reverts: " + arithmetic.map { "\($0.operation) \($0.count)" }.joined(separator: ", "))
        }
        return lines
    }

    /// `{"sidesTaken": n, "sides": n, "checks": [{operation, error, steps, raised, passed}], "arithmetic": {op: n}}`.
    public var json: JSONValue {
        .object([
            ("sidesTaken", .number(String(sidesTaken))),
            ("sides", .number(String(sideCount))),
            ("checks", .array(rows.map { row in
                .object([
                    ("operation", .string(row.operation)),
                    ("error", .string(row.check.error)),
                    ("steps", .array(row.check.steps.map { .number(String($0)) })),
                    ("raised", .number(String(row.raised))),
                    ("passed", .number(String(row.passed))),
                ])
            })),
            ("arithmetic", .object(arithmetic.map { ($0.operation, .number(String($0.count))) })),
        ])
    }
}
