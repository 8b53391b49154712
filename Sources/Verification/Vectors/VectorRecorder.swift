import ContractABI
import ContractIO
import EVMArithmetic
import MarginEngine

/// Runs a vector case on the model and writes down everything it did, in
/// the case format of Spec/vector-format.md.
public enum VectorRecorder {
    public static let generator = "margin vectors generate (DynamicMargin 0.1.0)"

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case deploymentReverted(Revert)
        case deploymentSucceeded
        case brokenPromise(promised: VectorCase.Promise, actual: String)
        public var description: String {
            switch self {
            case let .deploymentReverted(r): return "the deployment reverts (\(r.name)); a case with a call needs a deployed contract"
            case .deploymentSucceeded:
                return "the deployment succeeds; a constructor case pins a deployment that reverts (every other case pins a successful one's events)"
            case let .brokenPromise(promised, actual):
                return "the case promises \(promised) but the model says \(actual): its description would be wrong"
            }
        }
    }

    /// The full case JSON, `_info` and its hash included.
    public static func record(_ c: VectorCase) throws(Failure) -> JSONValue {
        let d = c.deployment
        var state: EngineState
        let deploymentEvents: [EngineEvent]
        switch EngineState.deploy(governance: d.governance, oracle: d.oracle, exchange: d.exchange, globalParams: d.globalParams,
                                  context: CallContext(sender: d.deployer, timestamp: d.timestamp)) {
        case let .success((deployed, events)):
            state = deployed
            deploymentEvents = events
        case let .failure(revert):
            guard c.call == nil else { throw .deploymentReverted(revert) }
            try keep(c.promise, .revert(revert))
            return withInfo(c, body: [
                ("deployment", deploymentJSON(d, events: nil)),
                ("expect", outcomeJSON(.revert(revert), views: nil)),
            ])
        }
        guard let call = c.call else { throw .deploymentSucceeded }
        var setup: [JSONValue] = []
        for step in c.setup {
            let outcome = state.execute(step.call, context: CallContext(sender: step.from, timestamp: step.timestamp))
            setup.append(callJSON(step, expect: outcomeJSON(outcome, views: nil)))
        }
        let now = call.timestamp
        // Watch the views of the post-call state: a listing adds markets or
        // assets whose views only exist afterwards.
        var after = state
        _ = after.execute(call.call, context: CallContext(sender: call.from, timestamp: now))
        let watched = watchedViews(c, state: after)
        let before = watched.map { viewResult(state, $0, now) }
        let outcome = state.execute(call.call, context: CallContext(sender: call.from, timestamp: now))
        try keep(c.promise, outcome)
        var changed: [JSONValue] = []
        for (view, old) in zip(watched, before) {
            let new = viewResult(state, view, now)
            if new != old { changed.append(viewJSON(view, new)) }
        }
        return withInfo(c, body: [
            ("deployment", deploymentJSON(d, events: deploymentEvents)),
            ("setup", .array(setup)),
            ("call", callJSON(call, expect: nil)),
            ("expect", outcomeJSON(outcome, views: changed)),
        ])
    }

    /// The case's body with `_info` in front, its hash computed over the body.
    static func withInfo(_ c: VectorCase, body: [(key: String, value: JSONValue)]) -> JSONValue {
        let hash = contentHash(.object(body))
        return .object([("_info", .object([
            ("description", .string(c.description)),
            ("generator", .string(generator)),
            ("specVersion", .string(StateFile.specVersion)),
            ("hash", .string(hash)),
        ]))] + body)
    }

    /// Fails when the model's outcome contradicts what the generator promised.
    static func keep(_ promise: VectorCase.Promise, _ outcome: CallOutcome) throws(Failure) {
        switch (promise, outcome) {
        case (.unspecified, _), (.success, .success): return
        case let (.revert(name), .revert(revert)) where name.isEmpty || name == revert.name: return
        case let (_, .revert(revert)): throw .brokenPromise(promised: promise, actual: "revert \(revert.name)")
        case (_, .success): throw .brokenPromise(promised: promise, actual: "success")
        }
    }

    /// `0x` + Keccak-256 of the canonical JSON of the case without `_info`.
    public static func contentHash(_ withoutInfo: JSONValue) -> String {
        HexBytes.encode(Keccak256.hash(Array(CanonicalJSON.render(withoutInfo).utf8)))
    }

    // MARK: Pieces

    /// `events` is nil for a deployment that reverts: it emits nothing, and
    /// the case's `expect` says so.
    static func deploymentJSON(_ d: VectorCase.Deployment, events: [EngineEvent]?) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("deployer", .string(d.deployer.description)),
            ("timestamp", .string(d.timestamp.description)),
            ("constructorArgs", .string(HexBytes.encode(d.constructorArguments))),
        ]
        if let events { members.append(("events", .array(events.map(eventJSON)))) }
        return .object(members)
    }

    static func callJSON(_ step: Scenario.Call, expect: JSONValue?) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("caller", .string(step.from.description)),
            ("timestamp", .string(step.timestamp.description)),
            ("function", .string(step.call.function.name)),
            ("signature", .string(step.call.function.signature)),
            ("args", .array(step.call.arguments.map { .string($0.description) })),
            ("calldata", .string(HexBytes.encode(step.call.calldata))),
        ]
        if let expect { members.append(("expect", expect)) }
        return .object(members)
    }

    static func outcomeJSON(_ outcome: CallOutcome, views: [JSONValue]?) -> JSONValue {
        var members: [(key: String, value: JSONValue)]
        switch outcome {
        case let .success(returns, events):
            members = [
                ("status", .string("success")),
                ("returnData", .string(HexBytes.encode(outcome.returnData))),
                ("returns", .array(returns.map { .string($0.description) })),
                ("events", .array(events.map(eventJSON))),
            ]
        case let .revert(revert):
            let (name, cls, args): (String, String, [ABIValue])
            switch revert {
            case let .error(error): (name, cls, args) = (error.abi.name, "custom-error", error.abi.arguments)
            case let .arithmetic(failure): (name, cls, args) = (failure.name, failure.name, [])
            }
            members = [
                ("status", .string("revert")),
                ("revert", .object([
                    ("name", .string(name)),
                    ("class", .string(cls)),
                    ("args", .array(args.map { .string($0.description) })),
                    ("data", .string(HexBytes.encode(revert.vyperRevertData))),
                    ("solidityData", .string(HexBytes.encode(revert.solidityRevertData))),
                ])),
                ("events", .array([])),
            ]
        }
        if let views { members.append(("views", .array(views))) }
        return .object(members)
    }

    static func eventJSON(_ event: EngineEvent) -> JSONValue {
        let abi = event.abi
        return .object([
            ("name", .string(abi.name)),
            ("signature", .string(event.signature)),
            ("args", .array(abi.fields.map { .string($0.value.description) })),
            ("topics", .array(event.topics.map { .string($0.paddedHexString) })),
            ("data", .string(HexBytes.encode(event.data))),
        ])
    }

    static func viewJSON(_ view: EngineCall, _ result: CallOutcome) -> JSONValue {
        var returns: [ABIValue] = []
        if case let .success(values, _) = result { returns = values }
        return .object([
            ("function", .string(view.function.name)),
            ("args", .array(view.arguments.map { .string($0.description) })),
            ("calldata", .string(HexBytes.encode(view.calldata))),
            ("returnData", .string(HexBytes.encode(result.returnData))),
            ("returns", .array(returns.map { .string($0.description) })),
        ])
    }

    static func viewResult(_ state: EngineState, _ view: EngineCall, _ now: UInt256) -> CallOutcome {
        var copy = state
        return copy.execute(view, context: CallContext(sender: .zero, timestamp: now))
    }

    /// The views of Spec/vector-format.md for every address in the case.
    static func watchedViews(_ c: VectorCase, state: EngineState) -> [EngineCall] {
        var addresses: [Address] = []
        func note(_ a: Address) { if !addresses.contains(a) { addresses.append(a) } }
        for step in c.setup + (c.call.map { [$0] } ?? []) {
            note(step.from)
            for argument in step.call.arguments { if case let .address(a) = argument { note(a) } }
        }
        addresses.sort()
        var views: [EngineCall] = [.insuranceFund, .globalParams, .marketCount, .assetCount, .oracle, .exchange, .attestor, .tierParams]
        for m in 0..<state.marketCount {
            views += [.marketState(market: UInt256(UInt64(m))), .marketParams(market: UInt256(UInt64(m)))]
        }
        for a in 0..<state.assetCount { views.append(.assetState(asset: UInt256(UInt64(a)))) }
        for account in addresses {
            views += [.equity(account), .maintenanceMargin(account), .initialMargin(account), .cash(account), .attestation(account)]
            for a in 0..<state.assetCount { views.append(.collateral(account, asset: UInt256(UInt64(a)))) }
            for m in 0..<state.marketCount { views.append(.position(account, market: UInt256(UInt64(m)))) }
        }
        return views
    }
}
