import ContractIO
import EVMArithmetic
import MarginEngine

/// Cases whose set-up is a seeded random scenario prefix: each state-changing
/// operation is pinned again in states nobody wrote by hand (several open
/// positions, moved prices, accumulated fund, breakers).
enum RandomStateCases {
    static func all(seed: UInt64, perScenario: Int = 20, scenarios: Int = 6) -> [VectorCase] {
        var cases: [VectorCase] = []
        for s in 0..<scenarios {
            let scenarioSeed = seed &* 1_000 &+ UInt64(s)
            let scenario = ScenarioGenerator.generate(.init(seed: scenarioSeed, calls: 60, traders: 4, markets: 3, assets: 2))
            let deployment = scenario.deployment
            // Pick state-changing calls spread over the sequence; the calls
            // before each one are its set-up (views dropped: they change nothing).
            let candidates = scenario.calls.indices.filter { !scenario.calls[$0].isStatic && $0 > 16 }
            guard !candidates.isEmpty else { continue }
            let stride = max(1, candidates.count / perScenario)
            for (n, index) in candidates.enumerated() where n % stride == 0 && n / stride < perScenario {
                let target = scenario.calls[index]
                let setup = scenario.calls[..<index].filter { !$0.isStatic }
                cases.append(VectorCase(
                    operation: target.call.function.name, suite: "randomState",
                    name: "seed-\(scenarioSeed)-call-\(index)",
                    description: "\(target.call.function.name) in the state reached by `margin scenario --seed \(scenarioSeed) --calls 60 --traders 4` after \(setup.count) state-changing calls (call \(index)).",
                    deployment: deployment, setup: Array(setup), call: target))
            }
        }
        return cases
    }
}
