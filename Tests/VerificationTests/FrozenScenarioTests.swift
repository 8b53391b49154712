import EVMArithmetic
import MarginEngine
import Testing
@testable import Verification

/// The randomState cases' set-ups are data; a line that fails to parse
/// would drop a scenario or end it early, so every line is accounted for.
@Suite struct FrozenScenarioTests {
    @Test func everyFrozenLineParses() {
        #expect(FrozenScenario.all.map(\.seed) == FrozenScenario.texts.map(\.seed))
        for (scenario, source) in zip(FrozenScenario.all, FrozenScenario.texts) {
            let lines = source.text.split(separator: "\n")
            #expect(scenario.calls.count == lines.count - 1, "scenario \(scenario.seed)")
            // Indices and timestamps only grow: the calls are a real sequence.
            for (a, b) in zip(scenario.calls, scenario.calls.dropFirst()) {
                #expect(a.index < b.index && a.call.timestamp <= b.call.timestamp, "scenario \(scenario.seed) call \(b.index)")
            }
        }
    }

    @Test func aMalformedLineIsRefused() {
        let good = FrozenScenario.texts[0].text
        let deploy = String(good.split(separator: "\n")[0])
        #expect(FrozenScenario(seed: 1, text: deploy) != nil)
        #expect(FrozenScenario(seed: 1, text: deploy + "\n17 1700000100 a001 ffffffff 1") == nil)   // unknown selector
        #expect(FrozenScenario(seed: 1, text: deploy + "\n17 1700000100 zz fc75b780 6 1 1") == nil) // not hex
        #expect(FrozenScenario(seed: 1, text: "deploy 1 2 3") == nil)
    }

    /// Replayed on the model, every frozen call does what its case records:
    /// the corpus check (CI) compares the files; this checks the scenarios
    /// still reach states where most calls succeed, as they did when frozen.
    @Test func theFrozenCallsMostlySucceedOnTheModel() throws {
        for scenario in FrozenScenario.all {
            var log = EventLog()
            let d = scenario.deployment
            var state = try EngineState.deploy(governance: d.governance, oracle: d.oracle, exchange: d.exchange, globalParams: d.globalParams,
                                               context: CallContext(sender: d.deployer, timestamp: d.timestamp), events: &log)
            var succeeded = 0
            for (_, call) in scenario.calls {
                if case .success = state.execute(call.call, context: CallContext(sender: call.from, timestamp: call.timestamp)) {
                    succeeded += 1
                }
            }
            #expect(succeeded * 2 > scenario.calls.count, "scenario \(scenario.seed): \(succeeded) of \(scenario.calls.count)")
        }
    }
}
