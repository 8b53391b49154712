import ContractIO
import EVMArithmetic
import MarginEngine

/// The system's margin functions on one state at one `now`, each evaluated
/// at most once per account: several invariants read the same equity and
/// breakdown after a call.
final class MarginReader {
    let system: any MarginSystem
    let state: EngineState
    let now: UInt256
    private var equities: [Address: Int256] = [:]
    private var breakdowns: [Address: MarginBreakdown] = [:]

    init(system: any MarginSystem, state: EngineState, now: UInt256) {
        self.system = system
        self.state = state
        self.now = now
    }

    /// margin.md `equity(acct)`; throws what the system's view throws.
    func equity(_ account: Address) throws -> Int256 {
        if let cached = equities[account] { return cached }
        let e = try system.equity(state, account)
        equities[account] = e
        return e
    }

    /// margin.md `marginBreakdown(acct)` at `now`.
    func breakdown(_ account: Address) throws -> MarginBreakdown {
        if let cached = breakdowns[account] { return cached }
        let b = try system.marginBreakdown(state, account, now: now)
        breakdowns[account] = b
        return b
    }

    func maintenanceMargin(_ account: Address) throws -> UInt256 { try breakdown(account).maintenanceMargin }
    func initialMargin(_ account: Address) throws -> UInt256 { try breakdown(account).initialMargin }
}
