import EVMArithmetic

/// One top-level call frame of an execution trace: geth's callTracer shape
/// with `withLog`, plus the block it ran in (Spec/trace-format.md).
public struct TraceFrame: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case create = "CREATE"
        case call = "CALL"
        case staticCall = "STATICCALL"
    }

    public struct Log: Sendable, Hashable {
        public var address: Address
        public var topics: [UInt256]
        public var data: [UInt8]

        public init(address: Address, topics: [UInt256], data: [UInt8]) {
            self.address = address
            self.topics = topics
            self.data = data
        }
    }

    public var kind: Kind
    public var from: Address
    /// The called contract; for CREATE the created one.
    public var to: Address
    public var input: [UInt8]
    /// Return data, or revert data when `reverted`; for CREATE the runtime code.
    public var output: [UInt8]
    public var reverted: Bool
    /// geth's `error` text ("execution reverted", "out of gas", ...).
    public var error: String?
    public var logs: [Log]
    public var blockNumber: UInt256
    public var timestamp: UInt256
    /// 1-based line in the trace file.
    public var line: Int

    public init(kind: Kind, from: Address, to: Address, input: [UInt8], output: [UInt8], reverted: Bool,
                error: String?, logs: [Log], blockNumber: UInt256, timestamp: UInt256, line: Int) {
        self.kind = kind
        self.from = from
        self.to = to
        self.input = input
        self.output = output
        self.reverted = reverted
        self.error = error
        self.logs = logs
        self.blockNumber = blockNumber
        self.timestamp = timestamp
        self.line = line
    }
}

extension TraceFrame {
    /// Reads one trace line (already parsed as JSON). Unknown keys from
    /// other tracers are ignored, since anvil and geth add their own; the
    /// keys the diff needs are checked strictly.
    public init(json: JSONValue, line: Int) throws(JSONPathError) {
        let node = JSONNode(json)
        guard case let .object(members) = json else { throw node.error("expected a call frame object, found \(json.kind)") }
        var fields: [String: JSONNode] = [:]
        for member in members { fields[member.key] = JSONNode(member.value, path: member.key) }
        func required(_ key: String) throws(JSONPathError) -> JSONNode {
            guard let field = fields[key] else { throw node.error("missing key \"\(key)\"") }
            return field
        }
        let typeName = try required("type").string()
        guard let kind = Kind(rawValue: typeName) else {
            throw JSONPathError(path: "type", message: "expected CREATE, CALL or STATICCALL, found \(JSONNode.quote(typeName))")
        }
        let block = try required("block").object(required: ["number", "timestamp"])
        self.kind = kind
        from = try required("from").address()
        to = try required("to").address()
        input = try required("input").hexBytes()
        output = try fields["output"]?.hexBytes() ?? []
        if let errorNode = fields["error"], errorNode.value != .null {
            error = try errorNode.string()
        } else {
            error = nil
        }
        reverted = error != nil
        blockNumber = try TraceFrame.quantity(block["number"]!)
        timestamp = try TraceFrame.quantity(block["timestamp"]!)
        self.line = line
        var logs: [Log] = []
        if let logsNode = fields["logs"], logsNode.value != .null {
            for item in try logsNode.array() {
                guard case let .object(logMembers) = item.value else {
                    throw item.error("expected a log object, found \(item.value.kind)")
                }
                var logFields: [String: JSONNode] = [:]
                for member in logMembers { logFields[member.key] = JSONNode(member.value, path: "\(item.path).\(member.key)") }
                guard let address = logFields["address"], let topicsNode = logFields["topics"], let data = logFields["data"] else {
                    throw item.error("a log needs \"address\", \"topics\" and \"data\"")
                }
                var topics: [UInt256] = []
                for topic in try topicsNode.array(count: 0...4) {
                    let bytes = try topic.hexBytes()
                    guard bytes.count == 32, let word = UInt256(bigEndianBytes: bytes) else {
                        throw topic.error("expected a 32-byte topic, found \(bytes.count) bytes")
                    }
                    topics.append(word)
                }
                logs.append(Log(address: try address.address(), topics: topics, data: try data.hexBytes()))
            }
        }
        self.logs = logs
    }

    /// A block number or timestamp: a decimal string, or a 0x-hex quantity
    /// as geth and anvil print them.
    static func quantity(_ node: JSONNode) throws(JSONPathError) -> UInt256 {
        let text = try node.string()
        if text.hasPrefix("0x") {
            do { return try UInt256(parsing: text) } catch { throw node.error("\(error)") }
        }
        return try node.uint256()
    }

    /// The frame as one compact JSON line, keys sorted, in the harness's format.
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("block", .object([("number", .string(blockNumber.description)), ("timestamp", .string(timestamp.description))])),
            ("type", .string(kind.rawValue)),
            ("from", .string(from.description)),
            ("to", .string(to.description)),
            ("input", .string(HexBytes.encode(input))),
            ("output", .string(HexBytes.encode(output))),
            ("logs", .array(logs.map { log in
                .object([("address", .string(log.address.description)),
                         ("topics", .array(log.topics.map { .string($0.paddedHexString) })),
                         ("data", .string(HexBytes.encode(log.data)))])
            })),
        ]
        if let error { members.append(("error", .string(error))) }
        return .object(members)
    }
}
