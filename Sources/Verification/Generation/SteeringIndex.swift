/// SpecChecks.table flattened once, for steering: which sides of which
/// checks a run's Coverage has taken, by the same rule as SpecCheckCoverage
/// (a check is passed by a success, or by a revert at a later step), without
/// rebuilding its report rows at every new outcome.
struct SteeringIndex: Sendable {
    struct Check: Sendable {
        let operation: String
        let error: String
        let firstStep: Int
        let lastStep: Int
    }

    /// In SpecChecks.table's order, so aim targets keep their order.
    let checks: [Check]
    /// The checks of each operation, a range of `checks`.
    private let byOperation: [String: Range<Int>]
    /// The checks that raise each error, per operation.
    private let byError: [String: [String: [Int]]]
    /// The check ranges of each action's operations, by action.
    private let byAction: [[Range<Int>]]

    static let shared = SteeringIndex()

    private init() {
        var checks: [Check] = []
        var byOperation: [String: Range<Int>] = [:]
        var byError: [String: [String: [Int]]] = [:]
        for (operation, table) in SpecChecks.table {
            let start = checks.count
            for check in table {
                byError[operation, default: [:]][check.error, default: []].append(checks.count)
                checks.append(Check(operation: operation, error: check.error,
                                    firstStep: check.steps.min() ?? 0, lastStep: check.steps.max() ?? 0))
            }
            byOperation[operation] = start..<checks.count
        }
        self.checks = checks
        self.byOperation = byOperation
        self.byError = byError
        byAction = CallGenerator.Action.allCases.map { action in
            (CallGenerator.operations[action] ?? []).compactMap { byOperation[$0] }
        }
    }

    func checkRanges(of action: CallGenerator.Action) -> [Range<Int>] { byAction[action.rawValue] }

    /// Per check, whether a call raised its error and whether a call got
    /// beyond its last step.
    func sidesTaken(by coverage: Coverage) -> (raised: [Bool], passed: [Bool]) {
        var raised = [Bool](repeating: false, count: checks.count)
        var passed = raised
        for (operation, count) in coverage.successes where count > 0 {
            for i in byOperation[operation] ?? 0..<0 { passed[i] = true }
        }
        for (operation, errors) in coverage.reverts {
            guard let range = byOperation[operation], let named = byError[operation] else { continue }
            for (error, count) in errors where count > 0 {
                // Arithmetic reverts name no check (SpecCheckCoverage counts them apart).
                guard let raising = named[error] else { continue }
                let step = raising.map { checks[$0].firstStep }.min()!
                for i in raising { raised[i] = true }
                for i in range where checks[i].lastStep < step { passed[i] = true }
            }
        }
        return (raised, passed)
    }
}
