import EVMArithmetic
import MarginEngine

/// A call sequence to run on the real contract (Spec/scenario-format.md):
/// the deployment, then calls with their callers and timestamps.
public struct Scenario: Sendable {
    public struct Call: Sendable {
        public var from: Address
        public var timestamp: UInt256
        public var call: EngineCall
        /// A view executed without changing state.
        public var isStatic: Bool

        public init(from: Address, timestamp: UInt256, call: EngineCall, isStatic: Bool) {
            self.from = from
            self.timestamp = timestamp
            self.call = call
            self.isStatic = isStatic
        }
    }

    public var description: String
    public var deployer: Address
    public var deployTimestamp: UInt256
    public var oracle: Address
    public var exchange: Address
    public var globalParams: GlobalParams
    public var calls: [Call]

    public init(description: String, deployer: Address, deployTimestamp: UInt256, oracle: Address,
                exchange: Address, globalParams: GlobalParams, calls: [Call]) {
        self.description = description
        self.deployer = deployer
        self.deployTimestamp = deployTimestamp
        self.oracle = oracle
        self.exchange = exchange
        self.globalParams = globalParams
        self.calls = calls
    }

    /// The deployment as a vector case states it (one encoding of the
    /// constructor arguments for both formats).
    public var deployment: VectorCase.Deployment {
        VectorCase.Deployment(deployer: deployer, timestamp: deployTimestamp, oracle: oracle,
                              exchange: exchange, globalParams: globalParams)
    }

    /// The scenario file's JSON.
    public var json: JSONValue {
        .object([
            ("scenarioVersion", .string("1")),
            ("description", .string(description)),
            ("deployer", .string(deployer.description)),
            ("deployTimestamp", .string(deployTimestamp.description)),
            ("constructorArgs", .string(HexBytes.encode(deployment.constructorArguments))),
            ("calls", .array(calls.map { c in
                .object([
                    ("from", .string(c.from.description)),
                    ("timestamp", .string(c.timestamp.description)),
                    ("input", .string(HexBytes.encode(c.call.calldata))),
                    ("static", .bool(c.isStatic)),
                    ("note", .string(c.call.description)),
                ])
            })),
        ])
    }
}
