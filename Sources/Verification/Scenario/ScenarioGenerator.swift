import ContractIO
import EVMArithmetic
import MarginEngine

/// `margin scenario`: a call sequence for the contract and the model to
/// execute side by side, from the call generator (Generation/) in a
/// standard world of the requested size, with views of every account a
/// call touched so that the trace shows their hidden state.
public enum ScenarioGenerator {
    public struct Options: Sendable {
        public var seed: UInt64
        /// State-changing calls after the set-up (views come on top).
        public var calls: Int
        public var traders: Int
        public var markets: Int
        public var assets: Int

        public init(seed: UInt64, calls: Int, traders: Int = 6, markets: Int = 3, assets: Int = 2) {
            self.seed = seed
            self.calls = calls
            self.traders = traders
            self.markets = markets
            self.assets = assets
        }
    }

    public static func generate(_ options: Options) -> Scenario {
        var coverage = Coverage()
        return generate(options, coverage: &coverage)
    }

    /// The scenario, and in `coverage` what its calls did on the model
    /// (SpecCheckCoverage reads the Spec's checks from it).
    public static func generate(_ options: Options, coverage: inout Coverage) -> Scenario {
        var generator = CallGenerator(seed: options.seed, world: .standard(traders: options.traders, markets: options.markets,
                                                                             assets: options.assets), inspects: true)
        let d = generator.deployment
        var log = EventLog()
        // The standard world's deployment parameters are in bounds: this cannot fail.
        var state = (try? EngineState.deploy(governance: d.governance, oracle: d.oracle, exchange: d.exchange, globalParams: d.globalParams,
                                             context: CallContext(sender: d.deployer, timestamp: d.timestamp), events: &log))
            ?? EngineState(owner: d.deployer, oracle: d.oracle, exchange: d.exchange, globalParams: d.globalParams)
        var calls: [Scenario.Call] = []
        var stateChanging = 0
        while generator.isSettingUp || stateChanging < options.calls || generator.hasQueuedCalls {
            let settingUp = generator.isSettingUp
            generator.steer(by: coverage)
            let call = generator.next(state)
            if !settingUp && !call.isStatic { stateChanging += 1 }
            coverage.note(call.call.function, state.execute(call.call, context: CallContext(sender: call.from, timestamp: call.timestamp)))
            calls.append(call)
        }
        return Scenario(
            description: "margin scenario --seed \(options.seed) --calls \(options.calls) --traders \(options.traders) --markets \(options.markets) --assets \(options.assets)",
            deployer: d.deployer, deployTimestamp: d.timestamp, oracle: d.oracle, exchange: d.exchange,
            globalParams: d.globalParams, calls: calls)
    }
}
