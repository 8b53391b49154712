import ContractABI
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
    /// The called contract; for CREATE the created one. Nil only for a
    /// failed CREATE, whose address geth's callTracer leaves out.
    public var to: Address?
    public var input: [UInt8]
    /// Return data, or revert data when `reverted`; for CREATE the runtime code.
    public var output: [UInt8]
    public var reverted: Bool
    /// geth's `error` text ("execution reverted", "out of gas", ...).
    public var error: String?
    /// The frame's own logs: a call the engine delegates logs in its sub-call.
    public var logs: [Log]
    /// The calls the transaction's contract made (geth's `calls`): at most
    /// one, the engine's DELEGATECALL to its governance extension.
    public var calls: [SubCall]
    public var blockNumber: UInt256
    public var timestamp: UInt256
    /// 1-based line in the trace file.
    public var line: Int

    /// A nested call frame, as geth's callTracer prints it under `calls`.
    public struct SubCall: Sendable, Hashable {
        /// geth's `type`: "DELEGATECALL", "CALL", "STATICCALL", ...
        public var type: String
        public var from: Address
        public var to: Address
        public var input: [UInt8]
        public var output: [UInt8]
        public var error: String?
        public var logs: [Log]

        public init(type: String, from: Address, to: Address, input: [UInt8], output: [UInt8], error: String?, logs: [Log]) {
            self.type = type
            self.from = from
            self.to = to
            self.input = input
            self.output = output
            self.error = error
            self.logs = logs
        }
    }

    /// Every log of the transaction in emission order: the frame's own
    /// (each at position 0, before any sub-call), then its sub-calls'.
    public var transactionLogs: [Log] {
        calls.isEmpty ? logs : logs + calls.flatMap(\.logs)
    }

    public init(kind: Kind, from: Address, to: Address?, input: [UInt8], output: [UInt8], reverted: Bool,
                error: String?, logs: [Log], calls: [SubCall] = [], blockNumber: UInt256, timestamp: UInt256, line: Int) {
        self.kind = kind
        self.from = from
        self.to = to
        self.input = input
        self.output = output
        self.reverted = reverted
        self.error = error
        self.logs = logs
        self.calls = calls
        self.blockNumber = blockNumber
        self.timestamp = timestamp
        self.line = line
    }
}

extension TraceFrame {
    /// The keys of a call frame that geth's callTracer (withLog) always prints,
    /// and those it may omit (empty `output`, `calls`, `logs`; `to` of a failed
    /// CREATE; `value` of a STATICCALL) or prints only on failure.
    static let frameKeys = ["type", "from", "input"]
    static let optionalFrameKeys = ["to", "value", "gas", "gasUsed", "output", "error", "revertReason", "calls", "logs"]

    /// Reads one trace line (already parsed as JSON): a call frame with its
    /// `block` among its keys, or a `debug_traceTransaction` result with its
    /// `block` beside it, bare (`{"block", "result"}`) or as the JSON-RPC
    /// response (`jsonrpc`, `id`). Spec/trace-format.md gives the rule of
    /// each key; any other key is refused, so a misspelt one cannot pass unread.
    public init(json: JSONValue, line: Int) throws(JSONPathError) {
        let (frameNode, frame, block) = try TraceFrame.frameAndBlock(of: JSONNode(json))
        let blockFields = try block.object(required: ["number", "timestamp"])
        blockNumber = try TraceFrame.blockQuantity(blockFields["number"]!)
        timestamp = try TraceFrame.blockQuantity(blockFields["timestamp"]!)
        self.line = line

        let typeNode = frame["type"]!
        let typeName = try typeNode.string()
        guard let kind = Kind(rawValue: typeName) else {
            throw typeNode.error("expected CREATE, CALL or STATICCALL (a transaction's own frame), found \(JSONNode.quote(typeName))")
        }
        self.kind = kind
        from = try frame["from"]!.traceAddress()
        input = try frame["input"]!.traceBytes()
        output = try frame["output"]?.traceBytes() ?? []
        error = try TraceFrame.failure(frame)
        reverted = error != nil
        if let toNode = frame["to"] {
            to = try toNode.traceAddress()
        } else if kind == .create && reverted {
            to = nil   // geth's callTracer leaves out the address of a failed CREATE
        } else {
            throw frameNode.error("missing key \"to\"; only a failed CREATE may leave it out")
        }
        try TraceFrame.checkValueAndGas(frame)
        calls = try TraceFrame.subCalls(frame["calls"])
        logs = try TraceFrame.logs(frame["logs"], failed: reverted)
    }

    /// A frame's `error` (non-empty when present) and its `revertReason`
    /// (only with an error): the keys a transaction's frame and a nested one share.
    private static func failure(_ frame: [String: JSONNode]) throws(JSONPathError) -> String? {
        var error: String?
        if let errorNode = frame["error"] {
            let text = try errorNode.string()
            guard !text.isEmpty else { throw errorNode.error("expected the failure's text, found \"\"; a successful frame has no \"error\"") }
            error = text
        }
        if let reasonNode = frame["revertReason"] {
            guard error != nil else { throw reasonNode.error("a frame without \"error\" has no revert reason") }
            _ = try reasonNode.string()
        }
        return error
    }

    /// `value` ("0x0" when present) and the gas quantities, which are read and not compared.
    private static func checkValueAndGas(_ frame: [String: JSONNode]) throws(JSONPathError) {
        if let valueNode = frame["value"], try valueNode.quantity() != .zero {
            throw valueNode.error("expected \"0x0\": no MarginEngine function is payable, found \(JSONNode.quote(try valueNode.string()))")
        }
        _ = try frame["gas"]?.quantity()
        _ = try frame["gasUsed"]?.quantity()
    }

    /// The sub-call types geth's callTracer prints.
    static let subCallTypes: Set<String> = ["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE", "CREATE", "CREATE2", "SELFDESTRUCT"]

    /// A frame's `calls`: at most one, with no calls of its own (the engine
    /// makes one call, to its governance extension, which makes none), so a
    /// line's size bounds what is read.
    private static func subCalls(_ node: JSONNode?) throws(JSONPathError) -> [SubCall] {
        guard let node else { return [] }
        let items = try node.array(count: 0...1)
        var calls: [SubCall] = []
        for item in items {
            let frame = try item.object(required: ["type", "from", "to", "input"],
                                        optional: ["value", "gas", "gasUsed", "output", "error", "revertReason", "calls", "logs"])
            let typeNode = frame["type"]!
            let type = try typeNode.string()
            guard subCallTypes.contains(type) else {
                throw typeNode.error("expected a call type of geth's callTracer (\(subCallTypes.sorted().joined(separator: ", "))), found \(JSONNode.quote(type))")
            }
            let error = try failure(frame)
            try checkValueAndGas(frame)
            if let inner = frame["calls"], try !inner.array().isEmpty {
                throw inner.error("expected no sub-calls: the governance extension calls no contract")
            }
            calls.append(SubCall(type: type, from: try frame["from"]!.traceAddress(), to: try frame["to"]!.traceAddress(),
                                 input: try frame["input"]!.traceBytes(), output: try frame["output"]?.traceBytes() ?? [],
                                 error: error, logs: try logs(frame["logs"], failed: error != nil)))
        }
        return calls
    }

    /// The frame's members and its block, from either shape of line: a frame
    /// with `block` among its keys, or an envelope with `block` and `result`.
    private static func frameAndBlock(of node: JSONNode) throws(JSONPathError) -> (JSONNode, [String: JSONNode], JSONNode) {
        guard case let .object(members) = node.value else {
            throw node.error("expected a call frame object, found \(node.value.kind)")
        }
        guard members.contains(where: { $0.key == "result" || $0.key == "jsonrpc" }) else {
            let frame = try node.object(required: ["block"] + frameKeys, optional: optionalFrameKeys)
            return (node, frame, frame["block"]!)
        }
        let envelope = try node.object(required: [], optional: ["block", "result", "jsonrpc", "id", "txHash", "error"])
        try checkResponse(envelope)
        guard let result = envelope["result"] else { throw node.error("missing key \"result\", the callTracer frame") }
        guard let block = envelope["block"] else { throw node.error("missing key \"block\", the block the transaction ran in") }
        return (result, try result.object(required: frameKeys, optional: optionalFrameKeys), block)
    }

    /// The frame's logs; a failed frame has none.
    private static func logs(_ logsNode: JSONNode?, failed: Bool) throws(JSONPathError) -> [Log] {
        guard let logsNode else { return [] }
        let items = try logsNode.array()
        if failed && !items.isEmpty {
            throw logsNode.error("expected none on a failed frame (geth's callTracer drops a failed frame's logs), found \(items.count)")
        }
        var logs: [Log] = []
        for item in items {
            let log = try item.object(required: ["address", "topics", "data"], optional: ["position", "index"])
            if let position = log["position"], try position.quantity() != .zero {
                throw position.error("expected \"0x0\": the frame has no sub-calls for a log to follow, found \(JSONNode.quote(try position.string()))")
            }
            _ = try log["index"]?.quantity()
            var topics: [UInt256] = []
            for topic in try log["topics"]!.array(count: 0...4) {
                let bytes = try topic.traceBytes()
                guard bytes.count == 32, let word = UInt256(bigEndianBytes: bytes) else {
                    throw topic.error("expected a 32-byte topic, found \(bytes.count) bytes")
                }
                topics.append(word)
            }
            logs.append(Log(address: try log["address"]!.traceAddress(), topics: topics, data: try log["data"]!.traceBytes()))
        }
        return logs
    }

    /// Refuses a JSON-RPC error response and checks the envelope's own keys.
    private static func checkResponse(_ envelope: [String: JSONNode]) throws(JSONPathError) {
        if let failure = envelope["error"] {
            let message = (try? failure.object(required: [], optional: ["code", "message", "data"])["message"]?.string()) ?? nil
            throw failure.error("the JSON-RPC call failed: \(message.map(JSONNode.quote) ?? "no message"); expected a \"result\"")
        }
        if let version = envelope["jsonrpc"], try version.string() != "2.0" {
            throw version.error("expected \"2.0\", found \(JSONNode.quote(try version.string()))")
        }
        if let id = envelope["id"] {
            switch id.value {
            case .number, .string, .null: break
            default: throw id.error("expected a JSON-RPC id (a number, a string or null), found \(id.value.kind)")
            }
        }
        if let hash = envelope["txHash"], try hash.traceBytes().count != 32 {
            throw hash.error("expected a 32-byte transaction hash")
        }
    }

    /// A block number or timestamp: a decimal string, unlike JSON-RPC's hex.
    private static func blockQuantity(_ node: JSONNode) throws(JSONPathError) -> UInt256 {
        if case let .string(text) = node.value, text.hasPrefix("0x") || text.hasPrefix("0X") {
            throw node.error("expected a decimal string (the trace format writes the block in decimal, not JSON-RPC hex), found \(JSONNode.quote(text))")
        }
        return try node.uint256()
    }

    /// Checks that this frame may follow `previous` in one trace: block
    /// numbers never decrease (gaps are other transactions of the chain), a
    /// repeated number is the same block and so has the same timestamp, and
    /// timestamps never decrease.
    public func checkFollows(_ previous: TraceFrame) throws(JSONPathError) {
        if blockNumber < previous.blockNumber {
            throw JSONPathError(path: "block.number", message: "\(blockNumber) is before block \(previous.blockNumber) of line \(previous.line); block numbers never decrease")
        }
        if blockNumber == previous.blockNumber && timestamp != previous.timestamp {
            throw JSONPathError(path: "block.timestamp", message: "\(timestamp) differs from \(previous.timestamp) of line \(previous.line), which is in the same block \(blockNumber)")
        }
        if timestamp < previous.timestamp {
            throw JSONPathError(path: "block.timestamp", message: "\(timestamp) is before \(previous.timestamp) of line \(previous.line); block timestamps never decrease")
        }
    }

    /// The frame as one compact JSON line, keys sorted, in the harness's format.
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("block", .object([("number", .string(blockNumber.description)), ("timestamp", .string(timestamp.description))])),
            ("type", .string(kind.rawValue)),
            ("from", .string(from.description)),
        ]
        if let to { members.append(("to", .string(to.description))) }
        members += [
            ("input", .string(HexBytes.encode(input))),
            ("output", .string(HexBytes.encode(output))),
            ("logs", .array(logs.map(TraceFrame.logJSON))),
        ]
        if !calls.isEmpty {
            members.append(("calls", .array(calls.map { call in
                var frame: [(key: String, value: JSONValue)] = [
                    ("type", .string(call.type)), ("from", .string(call.from.description)), ("to", .string(call.to.description)),
                    ("input", .string(HexBytes.encode(call.input))), ("output", .string(HexBytes.encode(call.output))),
                    ("logs", .array(call.logs.map(TraceFrame.logJSON))),
                ]
                if let error = call.error { frame.append(("error", .string(error))) }
                return .object(frame)
            })))
        }
        if let error { members.append(("error", .string(error))) }
        return .object(members)
    }
}

extension TraceFrame {
    static func logJSON(_ log: Log) -> JSONValue {
        .object([("address", .string(log.address.description)),
                 ("topics", .array(log.topics.map { .string($0.paddedHexString) })),
                 ("data", .string(HexBytes.encode(log.data)))])
    }
}

extension JSONNode {
    /// Bytes as the trace format writes them: "0x" and lowercase hex digit
    /// pairs (`hexBytes` also takes upper case, which geth never prints).
    fileprivate func traceBytes() throws(JSONPathError) -> [UInt8] {
        let bytes = try hexBytes()
        if case let .string(text) = value, text.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
            throw error("expected lowercase hex bytes, \"0x\" then 0-9 and a-f, found \(JSONNode.quote(text))")
        }
        return bytes
    }

    /// An address in lowercase, as geth prints it, or in its EIP-55 mixed
    /// case, as anvil prints it; the checksum of a mixed-case one is checked.
    fileprivate func traceAddress() throws(JSONPathError) -> Address {
        let address = try address()
        let text = try string()
        guard text == address.description || text == address.checksummed else {
            throw error("expected an address in lowercase or with its EIP-55 checksum (\(address.checksummed)), found \(JSONNode.quote(text))")
        }
        return address
    }

    /// A JSON-RPC quantity: "0x" and lowercase hex digits without leading
    /// zeros ("0x0" for zero).
    fileprivate func quantity() throws(JSONPathError) -> UInt256 {
        let text = try string()
        let digits = text.utf8.dropFirst(2)
        let isDigit = { (c: UInt8) in (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f")) }
        guard text.hasPrefix("0x"), let first = digits.first, digits.allSatisfy(isDigit),
              first != UInt8(ascii: "0") || digits.count == 1 else {
            throw error("expected a quantity, \"0x\" then lowercase hex digits without leading zeros (\"0x0\" for zero), found \(JSONNode.quote(text))")
        }
        do { return try UInt256(parsing: text) } catch { throw self.error("\(error)") }
    }
}
