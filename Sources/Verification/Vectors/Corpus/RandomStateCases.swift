import ContractIO
import EVMArithmetic
import MarginEngine

/// Cases whose set-up is a prefix of a frozen random scenario: each
/// state-changing operation is pinned again in states nobody wrote by hand
/// (several open positions, moved prices, accumulated fund, breakers). The
/// scenarios are data (FrozenScenario), so tuning the call generator never
/// rewrites these cases.
enum RandomStateCases {
    static func all(perScenario: Int = 20) -> [VectorCase] {
        var cases: [VectorCase] = []
        for scenario in FrozenScenario.all {
            // Pick state-changing calls spread over the sequence; the calls
            // before each one are its set-up.
            let candidates = scenario.calls.indices.filter { scenario.calls[$0].index > 16 }
            guard !candidates.isEmpty else { continue }
            let stride = max(1, candidates.count / perScenario)
            for (n, position) in candidates.enumerated() where n % stride == 0 && n / stride < perScenario {
                let (index, target) = scenario.calls[position]
                let setup = scenario.calls[..<position].map(\.call)
                cases.append(VectorCase(
                    operation: target.call.function.name, suite: "randomState",
                    name: "seed-\(scenario.seed)-call-\(index)",
                    description: "\(target.call.function.name) in the state reached by frozen random scenario \(scenario.seed) after \(setup.count) state-changing calls (call \(index)).",
                    deployment: scenario.deployment, setup: setup, call: target))
            }
        }
        return cases
    }
}
