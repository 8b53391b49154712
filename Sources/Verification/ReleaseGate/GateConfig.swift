import ContractIO

/// What the release gate (`margin ci`) checks (a JSON file; every key optional). The defaults
/// work on this repository with no config at all:
///
///     {"vectors": ["Vectors"], "traces": ["Vectors/traces"],
///      "props": {"seed": "1", "runs": 300, "depth": 80}, "timeBudgetSeconds": 600,
///      "failOnADLRanking": false}
///
/// A section is switched off by an empty list (`"vectors": []`) or
/// `"runs": 0`; a section that is on must find something to check.
public struct GateConfig: Sendable {
    public var vectors = ["Vectors"]
    public var traces = ["Vectors/traces"]
    public var propsSeed: UInt64 = 1
    public var propsRuns = 300
    public var propsDepth = 80
    public var timeBudgetSeconds = 600
    /// Whether an ADL ranking finding in a trace fails that trace's check.
    public var failOnADLRanking = false

    /// The keys and what each means, for `margin ci --help` and the README.
    public static let keysHelp = """
        Config keys (JSON, all optional): "vectors": folders or files of vector cases \
        (default ["Vectors"]); "traces": folders of .jsonl traces (default ["Vectors/traces"]); \
        "props": {"seed": 0 to 2^64-1 as a number or decimal string (default 1), "runs": \
        property runs, 0 switches the campaign off (default 300), "depth": calls per run \
        (default 80)}; "timeBudgetSeconds": 1 to 86400 (default 600); "failOnADLRanking": true makes a \
        trace fail when a deleverage's counterparty was not a top-ranked eligible position (default \
        false: such findings are counted and shown; the campaign's are always information, its \
        generator misranks on purpose). An empty list switches \
        that section off; a section that is on and finds nothing to check is an error, and a \
        config that switches everything off is refused. Paths are relative to the working directory.
        """

    public init() {}

    public init(json: JSONValue) throws(JSONPathError) {
        let root = try JSONNode(json).object(required: [], optional: ["vectors", "traces", "props", "timeBudgetSeconds", "failOnADLRanking"])
        if let node = root["vectors"] { vectors = try GateConfig.strings(node) }
        if let node = root["traces"] { traces = try GateConfig.strings(node) }
        if let node = root["failOnADLRanking"] {
            guard case let .bool(value) = node.value else { throw node.error("expected true or false, found \(node.value.kind)") }
            failOnADLRanking = value
        }
        if let node = root["timeBudgetSeconds"] { timeBudgetSeconds = Int(try GateConfig.integer(node, 1...86_400)) }
        if let node = root["props"] {
            let props = try node.object(required: [], optional: ["seed", "runs", "depth"])
            if let n = props["seed"] { propsSeed = try GateConfig.integer(n, 0...UInt64.max) }
            if let n = props["runs"] { propsRuns = Int(try GateConfig.integer(n, 0...10_000_000)) }
            if let n = props["depth"] { propsDepth = Int(try GateConfig.integer(n, 1...10_000)) }
        }
        if vectors.isEmpty && traces.isEmpty && propsRuns == 0 {
            throw JSONNode(json).error("every section is switched off (no vectors, no traces, 0 runs): a gate that checks nothing cannot pass")
        }
    }

    private static func strings(_ node: JSONNode) throws(JSONPathError) -> [String] {
        var out: [String] = []
        for item in try node.array() {
            let text = try item.string()
            if text.isEmpty { throw item.error("an empty path") }
            out.append(text)
        }
        return out
    }

    /// An integer, as a JSON number or a decimal string (the same spellings
    /// as every other reader: no sign, no leading zeros).
    private static func integer(_ node: JSONNode, _ range: ClosedRange<UInt64>) throws(JSONPathError) -> UInt64 {
        let text: String
        switch node.value {
        case let .number(n), let .string(n): text = n
        default: throw node.error("expected an integer, found \(node.value.kind)")
        }
        guard JSONNode.isNumberSpelling(text, signed: false, hex: false), let value = UInt64(text), range.contains(value) else {
            throw node.error("expected an integer from \(range.lowerBound) to \(range.upperBound), found \(JSONNode.quote(text))")
        }
        return value
    }
}
