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
    public private(set) var callCount = 0
    /// The frame replayed last, which the next must follow in block order.
    private var previous: TraceFrame?

    public init() {}

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
        let index = callCount
        callCount += 1
        guard state != nil, let contract else { return try deploy(frame) }
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
        if Observation.outcome(outcome, matches: frame, contract: contract) { return (call, nil) }
        let actual = Observation(outcome: outcome, contract: contract)
        let expected = Observation(frame: frame)
        var divergence: Divergence?
        if let field = Observation.firstDifference(expected: expected, actual: actual) {
            var revert: Revert?
            if case let .revert(r) = outcome { revert = r }
            divergence = Divergence(index: index, frame: frame, call: call, field: field,
                                    expected: expected, actual: actual, modelRevert: revert)
        }
        return (call, divergence)
    }

    private mutating func deploy(_ frame: TraceFrame) throws(InputError) -> (call: EngineCall?, divergence: Divergence?) {
        guard frame.kind == .create else {
            throw InputError(line: frame.line, message: "the first frame is a \(frame.kind.rawValue), expected the CREATE that deploys the contract: a trace starts at deployment")
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
        guard case let .address(oracle) = values[0], case let .address(exchange) = values[1],
              let params = GlobalParams(values: values[2...].map(\.word)) else {
            throw InputError(line: frame.line, message: "constructor arguments do not decode")
        }
        let context = CallContext(sender: frame.from, timestamp: frame.timestamp)
        let expected = Observation(frame: frame)
        let actual: Observation
        var revert: Revert?
        switch EngineState.deploy(oracle: oracle, exchange: exchange, globalParams: params, context: context) {
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
