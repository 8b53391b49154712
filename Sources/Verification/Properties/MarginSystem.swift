import EVMArithmetic
import MarginEngine

/// The implementation a property campaign tests: the contract's calls and
/// the pure margin functions its views expose. The invariants observe the
/// system only through this interface, so a test can swap in a copy of the
/// model with a planted bug and check that the campaign finds it.
///
/// Every requirement has a default that runs the Swift model; a mutant
/// overrides the one it changes.
public protocol MarginSystem: Sendable {
    /// A short name for reports: "model", or the planted bug.
    var name: String { get }

    /// Runs one call; on a revert the state must be left as it was.
    func execute(_ state: inout EngineState, _ call: EngineCall, _ context: CallContext) -> CallOutcome

    /// margin.md `equity(acct)`.
    func equity(_ state: EngineState, _ account: Address) throws -> Int256

    /// margin.md `unrealisedPnl(acct, m)`.
    func unrealisedPnl(_ state: EngineState, _ account: Address, _ market: Int) throws -> Int256

    /// margin.md `positionTerms(acct, m)` at `now`.
    func positionTerms(_ state: EngineState, _ account: Address, _ market: Int, now: UInt256) throws -> PositionTerms

    /// margin.md `marginBreakdown(acct)` at `now`.
    func marginBreakdown(_ state: EngineState, _ account: Address, now: UInt256) throws -> MarginBreakdown

    /// margin.md `isLiquidatable(acct)` at `now`.
    func isLiquidatable(_ state: EngineState, _ account: Address, now: UInt256) throws -> Bool
}

extension MarginSystem {
    public func execute(_ state: inout EngineState, _ call: EngineCall, _ context: CallContext) -> CallOutcome {
        state.execute(call, context: context)
    }

    public func equity(_ state: EngineState, _ account: Address) throws -> Int256 {
        try state.equity(account)
    }

    public func unrealisedPnl(_ state: EngineState, _ account: Address, _ market: Int) throws -> Int256 {
        try state.unrealisedPnl(account, market)
    }

    public func positionTerms(_ state: EngineState, _ account: Address, _ market: Int, now: UInt256) throws -> PositionTerms {
        try state.positionTerms(account, market, now: now)
    }

    public func marginBreakdown(_ state: EngineState, _ account: Address, now: UInt256) throws -> MarginBreakdown {
        try state.marginBreakdown(account, now: now)
    }

    public func isLiquidatable(_ state: EngineState, _ account: Address, now: UInt256) throws -> Bool {
        try state.isLiquidatable(account, now: now)
    }
}

/// The Swift model itself: the system `margin props` tests.
public struct ModelSystem: MarginSystem {
    public init() {}
    public var name: String { "model" }
}
