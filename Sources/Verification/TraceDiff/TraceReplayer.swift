import ContractABI
import ContractIO
import EVMArithmetic
import MarginEngine

/// Replays a trace on the model from its deployment, one frame at a time,
/// and compares each call's outcome with the contract's.
public struct TraceReplayer: Sendable {
    /// Why a trace cannot be replayed at all (bad input, exit 2).
    public struct InputError: Error, Sendable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    public private(set) var state: EngineState?
    public private(set) var contract: Address?
    /// The governance extension created by the trace's first line.
    public private(set) var governance: Address?
    /// Frames of the engine: its deployment, then the calls (the extension's
    /// deployment is not one).
    public private(set) var callCount = 0
    /// Whether each delegated call's nested DELEGATECALL frame is checked;
    /// false for a trace from an EVM that gives no call frames (pyrevm), whose
    /// logs are all in the top frame (trace-format.md).
    public let checksCallFrames: Bool
    /// The frame replayed last, which the next must follow in block order.
    private var previous: TraceFrame?

    public init(checksCallFrames: Bool = true) {
        self.checksCallFrames = checksCallFrames
    }

    /// Replays one frame; returns the call and, if the model's outcome
    /// differs from the contract's, the divergence.
    public mutating func replay(_ frame: TraceFrame) throws(InputError) -> (call: EngineCall?, divergence: Divergence?) {
        try replay(ReadFrame(frame))
    }

    /// Replays one frame whose calldata the reading thread decoded.
    public mutating func replay(_ read: ReadFrame) throws(InputError) -> (call: EngineCall?, divergence: Divergence?) {
        let frame = read.frame
        if let previous {
            do { try frame.checkFollows(previous) } catch { throw InputError(line: frame.line, message: "\(error)") }
        }
        previous = frame
        guard let governance else { return try deployGovernance(frame) }
        let index = callCount
        callCount += 1
        guard state != nil, let contract else { return try deploy(frame, governance: governance) }
        guard frame.kind != .create else {
            throw InputError(line: frame.line, message: "a second CREATE frame; a trace holds one deployment, then calls to it")
        }
        guard frame.to == contract else {
            throw InputError(line: frame.line, message: "call to \(frame.to.map(\.description) ?? "no address"), expected the deployed MarginEngine at \(contract)")
        }
        let call: EngineCall
        switch read.call {
        case let .success(decoded)?: call = decoded
        case let .failure(error)?: throw InputError(line: frame.line, message: "input is not a MarginEngine call: \(error)")
        case nil: throw InputError(line: frame.line, message: "a second CREATE frame; a trace holds one deployment, then calls to it")
        }
        if frame.kind == .staticCall && !call.function.isView {
            throw InputError(line: frame.line, message: "STATICCALL of \(call.function.name), which changes state; expected a view")
        }
        // In place: a copy here would only add reference counting (execute
        // works on its own copy and leaves the state as it was on a revert).
        let outcome = state!.execute(call, context: CallContext(sender: frame.from, timestamp: frame.timestamp))
        let framesDiffer = checksCallFrames ? callFrameDifference(frame, delegated: call.function.isDelegated,
                                                                  contract: contract, governance: governance) : nil
        if framesDiffer == nil && Observation.outcome(outcome, matches: frame, contract: contract) { return (call, nil) }
        let actual = Observation(outcome: outcome, contract: contract)
        let expected = Observation(frame: frame)
        var divergence: Divergence?
        if let field = Observation.firstDifference(expected: expected, actual: actual) ?? framesDiffer {
            var revert: Revert?
            if case let .revert(r) = outcome { revert = r }
            divergence = Divergence(index: index, frame: frame, call: call, field: field,
                                    expected: expected, actual: actual, modelRevert: revert)
        }
        return (call, divergence)
    }

    /// How the frame's sub-calls differ from what the Spec says the engine
    /// does (abi.md, "Deployment"), or nil: a delegated function runs in
    /// exactly one DELEGATECALL from the engine to its extension, with the
    /// transaction's input, output and error, and logs its events there;
    /// any other function makes no call.
    func callFrameDifference(_ frame: TraceFrame, delegated: Bool, contract: Address, governance: Address) -> String? {
        guard delegated else {
            return frame.calls.isEmpty ? nil
                : "call frames: \(frame.calls.count) sub-call(s), expected none (the engine runs this function itself)"
        }
        guard frame.calls.count == 1, let sub = frame.calls.first else {
            return "call frames: no sub-call, expected the DELEGATECALL to the governance extension \(governance)"
        }
        let expected = "the DELEGATECALL from the engine \(contract) to the governance extension \(governance) with the transaction's input, output and error"
        if sub.type != "DELEGATECALL" { return "call frames: a \(sub.type) sub-call, expected \(expected)" }
        if sub.from != contract { return "call frames: sub-call from \(sub.from), expected \(expected)" }
        if sub.to != governance { return "call frames: sub-call to \(sub.to), expected \(expected)" }
        if sub.input != frame.input { return "call frames: sub-call input differs from the transaction's; expected \(expected)" }
        if sub.output != frame.output { return "call frames: sub-call output differs from the transaction's; expected \(expected)" }
        // The error texts are the trace's own words: compared, not echoed.
        if sub.error != frame.error { return "call frames: sub-call error differs from the transaction's; expected \(expected)" }
        if !frame.logs.isEmpty { return "call frames: \(frame.logs.count) log(s) in the engine's own frame, expected the events in the DELEGATECALL's" }
        return nil
    }

    /// The first line: the governance extension's CREATE. The model does not
    /// have its code; it keeps the address the engine must name and delegate to.
    private mutating func deployGovernance(_ frame: TraceFrame) throws(InputError) -> (call: EngineCall?, divergence: Divergence?) {
        guard frame.kind == .create else {
            throw InputError(line: frame.line, message: "the first frame is a \(frame.kind.rawValue), expected the CREATE that deploys the governance extension: a trace starts with it, then the engine's deployment (Spec/trace-format.md)")
        }
        guard frame.calls.isEmpty else {
            throw InputError(line: frame.line, message: "calls: the governance extension's deployment makes no call, found \(frame.calls.count) sub-call(s)")
        }
        guard !frame.reverted, let address = frame.to else {
            // frame.error is the trace's own text: not echoed.
            throw InputError(line: frame.line, message: "the governance extension's deployment failed, so the engine has nothing to delegate to")
        }
        governance = address
        return (nil, nil)
    }

    private mutating func deploy(_ frame: TraceFrame, governance: Address) throws(InputError) -> (call: EngineCall?, divergence: Divergence?) {
        guard frame.kind == .create else {
            throw InputError(line: frame.line, message: "the second frame is a \(frame.kind.rawValue), expected the CREATE that deploys the engine, after its governance extension's")
        }
        guard frame.calls.isEmpty else {
            throw InputError(line: frame.line, message: "calls: the engine's constructor makes no call, found \(frame.calls.count) sub-call(s)")
        }
        let argumentBytes = EngineFunction.constructorArgumentTypes.count * 32
        guard frame.input.count > argumentBytes else {
            throw InputError(line: frame.line, message: "CREATE input of \(frame.input.count) bytes cannot hold init code and the \(argumentBytes) bytes of constructor arguments")
        }
        let values: [ABIValue]
        do {
            values = try ABICodec.decode(EngineFunction.constructorArgumentTypes, from: frame.input.suffix(argumentBytes))
        } catch {
            throw InputError(line: frame.line, message: "constructor arguments: \(error)")
        }
        guard case let .address(named) = values[0], case let .address(oracle) = values[1], case let .address(exchange) = values[2],
              let params = GlobalParams(values: values[3...].map(\.word)) else {
            throw InputError(line: frame.line, message: "constructor arguments do not decode")
        }
        guard named == governance || named == .zero else {
            throw InputError(line: frame.line, message: "the engine's constructor names the governance extension \(named), but the first line created \(governance)")
        }
        let context = CallContext(sender: frame.from, timestamp: frame.timestamp)
        let expected = Observation(frame: frame)
        let actual: Observation
        var revert: Revert?
        switch EngineState.deploy(governance: named, oracle: oracle, exchange: exchange, globalParams: params, context: context) {
        case let .success((state, events)):
            // A failed CREATE without `to` leaves the model's contract with no
            // address to call: nothing after it can be replayed.
            self.state = frame.to == nil ? nil : state
            // A successful CREATE returns the runtime code, which the model does
            // not have: compare outcome and events only. Without `to` the trace
            // failed, so the outcomes differ before any event address is compared.
            actual = Observation(reverted: false, data: frame.reverted ? [] : frame.output,
                                 logs: events.map { Observation.log($0, frame.to ?? .zero) })
        case let .failure(r):
            revert = r
            actual = Observation(reverted: true, data: r.vyperRevertData, logs: [])
        }
        contract = frame.to
        var divergence: Divergence?
        if let field = Observation.firstDifference(expected: expected, actual: actual) {
            divergence = Divergence(index: 0, frame: frame, call: nil, field: field, expected: expected,
                                    actual: actual, modelRevert: revert)
        }
        if state == nil && divergence == nil {
            throw InputError(line: frame.line, message: "the deployment reverted, so there is no contract to call")
        }
        return (nil, divergence)
    }
}
