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

/// What the invariants see of one call: the states around it, the outcome
/// and the addresses seen so far.
struct CallCheck {
    /// 0-based position of the call in its sequence.
    let index: Int
    let step: Scenario.Call
    let pre: EngineState
    let post: EngineState
    let outcome: CallOutcome
    /// `A` of invariants.md after this call, ascending.
    let addresses: [Address]
    let addressSet: Set<Address>
    /// Whether `pre` is an in-bounds state (arithmetic.md).
    let preInBounds: Bool
    let preMargin: MarginReader
    let postMargin: MarginReader

    var now: UInt256 { step.timestamp }
    var sender: Address { step.from }
    var call: EngineCall { step.call }
    var succeeded: Bool { !outcome.isRevert }

    /// The events of a successful call.
    var events: [EngineEvent] { outcome.events }
}

/// One invariant that does not hold, with the numbers that show it.
public struct Violation: Sendable, Hashable, CustomStringConvertible {
    public var invariant: Invariant
    /// What was expected and what was found, with the values involved.
    public var message: String

    public init(_ invariant: Invariant, _ message: String) {
        self.invariant = invariant
        self.message = message
    }

    public var description: String { "\(invariant): \(message)" }
}

