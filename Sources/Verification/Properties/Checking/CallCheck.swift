import ContractIO
import EVMArithmetic
import MarginEngine

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
    /// The accounts of A whose storage the call changed, ascending.
    let changedAccounts: [Address]
    /// Whether `pre` is an in-bounds state (arithmetic.md).
    let preInBounds: Bool
    /// The first stored value of `post` outside `state-in-bounds`, if any.
    let postOutOfBounds: String?
    let preMargin: MarginReader
    let postMargin: MarginReader

    var now: UInt256 { step.timestamp }
    var sender: Address { step.from }
    var call: EngineCall { step.call }
    var succeeded: Bool { !outcome.isRevert }

    /// The events of a successful call.
    var events: [EngineEvent] { outcome.events }
}
