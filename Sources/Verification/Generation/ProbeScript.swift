import ContractIO
import EVMArithmetic
import MarginEngine

/// A burst of calls decided ahead, each run on a copy of the model as it is
/// written down, so that the next can be computed from the state the ones
/// before it leave (a price edge after a deleveraging, for example).
/// `CallGenerator.play` makes it the next calls of the scenario.
struct ProbeScript {
    private(set) var state: EngineState
    /// The time the script starts from (its first call runs `after` seconds
    /// later), and the time of its last call.
    let start: UInt256
    private(set) var time: UInt256
    private(set) var calls: [(after: Int, from: Address, call: EngineCall)] = []

    init(_ state: EngineState, at time: UInt256) {
        self.state = state
        start = time
        self.time = time
    }

    /// Runs `call` `after` seconds after the one before; true when it succeeds.
    @discardableResult
    mutating func run(_ from: Address, _ call: EngineCall, after: Int = 0) -> Bool {
        if case .success = outcome(from, call, after: after) { return true }
        return false
    }

    /// Runs `call` at the time of the one before; true when it reverts with `error`.
    mutating func raises(_ from: Address, _ call: EngineCall, _ error: String) -> Bool {
        if case let .revert(revert) = outcome(from, call, after: 0) { return revert.name == error }
        return false
    }

    private mutating func outcome(_ from: Address, _ call: EngineCall, after: Int) -> CallOutcome {
        time = time &+ Amounts.u(after)
        calls.append((after, from, call))
        return state.execute(call, context: CallContext(sender: from, timestamp: time))
    }

    /// Seconds until market m's breaker ends (0 when none is active; at
    /// most CallGenerator.longestWait).
    func breakerWait(_ m: Int) -> Int { ProbeScript.breakerWait(state, m, at: time) }

    static func breakerWait(_ state: EngineState, _ m: Int, at time: UInt256) -> Int {
        let until = state.markets[m].breakerUntil
        return until > time ? Int(min(until &- time, Amounts.u(CallGenerator.longestWait)).w0) : 0
    }

    /// A post of market m's price, `after` seconds after the call before.
    @discardableResult
    mutating func post(_ m: Int, _ price: UInt256, after: Int = 1) -> Bool {
        run(state.oracle, .postPrice(market: Amounts.u(m), price: price, timestamp: time &+ Amounts.u(after)), after: after)
    }
}

extension CallGenerator {
    /// The script's first call at its start (now or later), the others
    /// queued after it at their times.
    mutating func play(_ script: ProbeScript) -> Scenario.Call? {
        guard let first = script.calls.first else { return nil }
        if script.start > now { advance(Int((script.start &- now).w0)) }
        advance(first.after)
        for later in script.calls.dropFirst() { follow(after: later.after, with: (later.from, later.call)) }
        return step(first.from, first.call)
    }
}
