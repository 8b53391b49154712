import ContractIO

/// What `margin ci` checks (a JSON file; every key optional). The defaults
/// work on this repository with no config at all:
///
///     {"vectors": ["Vectors"], "traces": ["Vectors/traces"],
///      "props": {"seed": 1, "runs": 300, "depth": 80}, "timeBudgetSeconds": 600}
struct CIConfig {
    var vectors = ["Vectors"]
    var traces = ["Vectors/traces"]
    var propsSeed: UInt64 = 1
    var propsRuns = 300
    var propsDepth = 80
    var timeBudgetSeconds = 600

    init() {}

    init(json: JSONValue) throws(JSONPathError) {
        let root = try JSONNode(json).object(required: [], optional: ["vectors", "traces", "props", "timeBudgetSeconds"])
        if let node = root["vectors"] { vectors = try CIConfig.strings(node) }
        if let node = root["traces"] { traces = try CIConfig.strings(node) }
        if let node = root["timeBudgetSeconds"] { timeBudgetSeconds = try CIConfig.integer(node, 1...86_400) }
        if let node = root["props"] {
            let props = try node.object(required: [], optional: ["seed", "runs", "depth"])
            if let n = props["seed"] { propsSeed = UInt64(try CIConfig.integer(n, 0...Int(Int64.max))) }
            if let n = props["runs"] { propsRuns = try CIConfig.integer(n, 0...10_000_000) }
            if let n = props["depth"] { propsDepth = try CIConfig.integer(n, 1...10_000) }
        }
    }

    private static func strings(_ node: JSONNode) throws(JSONPathError) -> [String] {
        var out: [String] = []
        for item in try node.array() { out.append(try item.string()) }
        return out
    }

    /// A small integer, as a JSON number or a decimal string.
    private static func integer(_ node: JSONNode, _ range: ClosedRange<Int>) throws(JSONPathError) -> Int {
        let text: String
        switch node.value {
        case let .number(n), let .string(n): text = n
        default: throw node.error("expected an integer, found \(node.value.kind)")
        }
        guard let value = Int(text), range.contains(value) else {
            throw node.error("expected an integer from \(range.lowerBound) to \(range.upperBound), found \(text)")
        }
        return value
    }
}
