import ContractIO
import EVMArithmetic
import MarginEngine

/// The governance path from today's market parameters to a calibrated
/// setting: `setMarketParams` calls one guardrail cooldown apart, each
/// parameter moving at most max(25 % of its current value, its minimum
/// step), as a scenario file that Harness/run.py executes and `margin diff` checks.
public enum ParameterProposal {
    /// The parameter sets after each step, ending at `target`.
    public static func steps(from current: MarketParams, to target: MarketParams) -> [MarketParams] {
        var c = current.values
        let goal = target.values
        var result: [MarketParams] = []
        while c != goal {
            for k in c.indices where c[k] != goal[k] {
                let quarter = (try? UInt256.fullMulWad(c[k], Constants.guardrailMaxChange)) ?? .zero
                let allowed = max(quarter, ParameterBounds.market[k].minStep)
                c[k] = goal[k] > c[k] ? min(goal[k], c[k] &+ allowed) : (c[k] &- goal[k] <= allowed ? goal[k] : c[k] &- allowed)
            }
            result.append(MarketParams(values: c) ?? target)
        }
        return result
    }

    /// Deploys with `globalParams`, lists one market with `current` at
    /// `start`, then one `setMarketParams` per cooldown to `target`, and
    /// reads `marketParams(0)` after each; every call is run on the model
    /// first, and a refusal is an error (a target out of bounds, say).
    /// `path` replaces the computed steps (to check that a shortcut is refused).
    public static func scenario(globalParams: GlobalParams, current: MarketParams, target: MarketParams,
                                price: UInt256, variance: UInt256, start: UInt256,
                                steps path: [MarketParams]? = nil) throws(BacktestError) -> Scenario {
        let owner = BacktestReplay.owner, oracle = BacktestReplay.oracle, exchange = BacktestReplay.exchange
        var state: EngineState
        switch EngineState.deploy(governance: VectorCase.Deployment.governance(of: owner), oracle: oracle, exchange: exchange, globalParams: globalParams,
                                  context: CallContext(sender: owner, timestamp: start)) {
        case .success(let deployed): state = deployed.state
        case .failure(let revert): throw BacktestError("the contract refused the global parameters: \(revert)")
        }
        var calls: [Scenario.Call] = []
        func record(_ call: EngineCall, at time: UInt256) throws(BacktestError) {
            if case .revert(let revert) = state.execute(call, context: CallContext(sender: owner, timestamp: time)) {
                throw BacktestError("the contract would refuse \(call.function) at \(time): \(revert)")
            }
            calls.append(Scenario.Call(from: owner, timestamp: time, call: call, isStatic: call.function.isView))
        }
        try record(.listMarket(price: price, variance: variance, params: current), at: start)
        var time = start
        for step in path ?? steps(from: current, to: target) {
            time = time &+ Constants.guardrailCooldown
            try record(.setMarketParams(market: .zero, params: step), at: time)
            try record(.marketParams(market: .zero), at: time)
        }
        return Scenario(description: "margin backtest --propose: \(calls.count / 2) setMarketParams steps to the calibrated setting",
                        deployer: owner, deployTimestamp: start, oracle: oracle, exchange: exchange,
                        globalParams: globalParams, calls: calls)
    }
}
