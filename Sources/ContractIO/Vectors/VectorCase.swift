import ContractABI
import EVMArithmetic
import MarginEngine

/// The inputs of one test vector (Spec/vector-format.md): a deployment, a
/// setup call sequence and the call under test, or, for a constructor case,
/// a deployment alone, which is then what is under test. Everything else in
/// a case file (outcomes, events, views, hash) follows from these by running
/// the model, which is how `margin vectors check` verifies a file.
public struct VectorCase: Sendable {
    public struct Deployment: Sendable, Hashable {
        public var deployer: Address
        public var timestamp: UInt256
        /// The governance extension the engine's constructor names. The
        /// deployer deploys it first, at nonce 0 (abi.md, "Deployment").
        public var governance: Address
        public var oracle: Address
        public var exchange: Address
        public var globalParams: GlobalParams

        public init(deployer: Address, timestamp: UInt256, governance: Address? = nil, oracle: Address, exchange: Address,
                    globalParams: GlobalParams) {
            self.deployer = deployer
            self.timestamp = timestamp
            self.governance = governance ?? Deployment.governance(of: deployer)
            self.oracle = oracle
            self.exchange = exchange
            self.globalParams = globalParams
        }

        /// Where `deployer`'s first contract, the governance extension, is created.
        public static func governance(of deployer: Address) -> Address {
            .created(by: deployer, nonce: 0)
        }

        public var constructorArguments: [UInt8] {
            ABICodec.encode([.address(governance), .address(oracle), .address(exchange)] + globalParams.values.map { .uint256($0) })
        }
    }

    /// Where the case lives: Vectors/<operation>/<suite>/<name>.json.
    public var operation: String
    public var suite: String
    public var name: String
    public var description: String
    public var deployment: Deployment
    public var setup: [Scenario.Call]
    /// nil in a constructor case: the deployment is under test, and reverts.
    public var call: Scenario.Call?
    /// What the generator promises the call does, checked when the case is
    /// generated (not stored: the recorded outcome is the file's truth).
    public var promise: Promise = .unspecified

    public enum Promise: Sendable, Hashable {
        case unspecified
        case success
        /// Reverts with this custom error name or arithmetic class.
        case revert(String)
    }

    public init(operation: String, suite: String, name: String, description: String,
                deployment: Deployment, setup: [Scenario.Call], call: Scenario.Call?) {
        self.operation = operation
        self.suite = suite
        self.name = name
        self.description = description
        self.deployment = deployment
        self.setup = setup
        self.call = call
    }

    public var relativePath: String { "\(operation)/\(suite)/\(name).json" }
}

extension VectorCase {
    /// Reads the inputs of a case file; the calldata is authoritative and
    /// must agree with `function`, `signature` and `args`.
    public init(json: JSONValue, relativePath: String) throws(JSONPathError) {
        let node = JSONNode(json)
        let isConstructorCase: Bool
        // A case with neither `setup` nor `call` is a constructor case: its
        // `expect` is the deployment's outcome.
        if case let .object(members) = json {
            isConstructorCase = !members.contains { $0.key == "call" || $0.key == "setup" }
        } else {
            isConstructorCase = false
        }
        let root = isConstructorCase ? try node.object(required: ["_info", "deployment", "expect"])
                                     : try node.object(required: ["_info", "deployment", "setup", "call", "expect"])
        let info = try root["_info"]!.object(required: ["description", "generator", "specVersion", "hash"])
        description = try info["description"]!.string()
        let parts = relativePath.split(separator: "/").map(String.init)
        operation = parts.count >= 3 ? parts[parts.count - 3] : ""
        suite = parts.count >= 2 ? parts[parts.count - 2] : ""
        name = String((parts.last ?? "").dropLast(".json".count))

        let d = try root["deployment"]!.object(required: isConstructorCase ? ["deployer", "timestamp", "constructorArgs"]
                                                                             : ["deployer", "timestamp", "constructorArgs", "events"])
        let argsNode = d["constructorArgs"]!
        let values: [ABIValue]
        do {
            values = try ABICodec.decode(EngineFunction.constructorArgumentTypes, from: try argsNode.hexBytes())
        } catch {
            throw argsNode.error("\(error)")
        }
        guard case let .address(governance) = values[0], case let .address(oracle) = values[1],
              case let .address(exchange) = values[2], let params = GlobalParams(values: values[3...].map(\.word)) else {
            throw argsNode.error("expected the 14 constructor arguments of Spec/abi.md")
        }
        deployment = Deployment(deployer: try d["deployer"]!.address(), timestamp: try d["timestamp"]!.uint256(),
                                governance: governance, oracle: oracle, exchange: exchange, globalParams: params)
        setup = []
        if isConstructorCase {
            call = nil
            try VectorCase.requireStatus(root["expect"]!)
            return
        }
        var previous = (time: deployment.timestamp, path: "deployment.timestamp")
        for node in try root["setup"]!.array() {
            let step = try VectorCase.readCall(node, withExpect: true)
            try VectorCase.requireNotBefore(step, node: node, previous: &previous)
            try VectorCase.requireStatus(try node.object(required: ["caller", "timestamp", "function", "signature", "args", "calldata", "expect"])["expect"]!)
            setup.append(step)
        }
        let call = try VectorCase.readCall(root["call"]!, withExpect: false)
        try VectorCase.requireNotBefore(call, node: root["call"]!, previous: &previous)
        self.call = call
        try VectorCase.requireStatus(root["expect"]!)
    }

    /// Block time never goes backwards within a case.
    static func requireNotBefore(_ step: Scenario.Call, node: JSONNode, previous: inout (time: UInt256, path: String)) throws(JSONPathError) {
        let path = node.path.isEmpty ? "timestamp" : "\(node.path).timestamp"
        if step.timestamp < previous.time {
            throw JSONPathError(path: path, message: "\(step.timestamp) is earlier than \(previous.path) (\(previous.time)): block time never goes backwards")
        }
        previous = (step.timestamp, path)
    }

    /// An expectation's `status` is one of the two outcomes a call can have.
    static func requireStatus(_ expect: JSONNode) throws(JSONPathError) {
        guard case let .object(members) = expect.value else { throw expect.error("expected an object, found \(expect.value.kind)") }
        guard let status = members.first(where: { $0.key == "status" }) else { throw expect.error("missing key \"status\"") }
        let node = JSONNode(status.value, path: expect.path.isEmpty ? "status" : "\(expect.path).status")
        let text = try node.string()
        guard text == "success" || text == "revert" else {
            throw node.error("expected \"success\" or \"revert\", found \(JSONNode.quote(text))")
        }
    }

    static func readCall(_ node: JSONNode, withExpect: Bool) throws(JSONPathError) -> Scenario.Call {
        let keys = ["caller", "timestamp", "function", "signature", "args", "calldata"]
        let fields = try node.object(required: withExpect ? keys + ["expect"] : keys)
        let calldataNode = fields["calldata"]!
        let call: EngineCall
        do {
            call = try EngineCall(calldata: try calldataNode.hexBytes())
        } catch {
            throw calldataNode.error("\(error)")
        }
        let function = try fields["function"]!.string()
        if function != call.function.name {
            throw fields["function"]!.error("\"\(function)\" does not match the calldata's selector (\(call.function.name))")
        }
        let isStatic = call.function.isView
        return Scenario.Call(from: try fields["caller"]!.address(), timestamp: try fields["timestamp"]!.uint256(),
                             call: call, isStatic: isStatic)
    }
}
