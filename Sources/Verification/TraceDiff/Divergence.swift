import ContractIO
import EVMArithmetic
import MarginEngine

/// One call where the model and the contract's trace disagree.
public struct Divergence: Sendable {
    /// 0 for the deployment, then 1, 2, ... per call.
    public let index: Int
    public let frame: TraceFrame
    /// The decoded call (nil for the deployment).
    public let call: EngineCall?
    /// The first differing field: "outcome", "return data", "event 0 topics", ...
    public let field: String
    public let expected: Observation
    public let actual: Observation
    /// The model's revert reason when it reverted, e.g. an arithmetic class.
    public let modelRevert: Revert?
}

/// One replayed call, kept for the context lines of a report.
public struct ReplayedCall: Sendable {
    public let index: Int
    public let frame: TraceFrame
    public let call: EngineCall?
    public let observation: Observation
}
