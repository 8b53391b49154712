/// A parsed JSON value. Objects keep their keys in file order (for
/// "in input order" outputs and precise error paths); numbers keep their
/// source text, because the formats here never trust a JSON number with a
/// 256-bit quantity.
public indirect enum JSONValue: Sendable, Hashable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// "an object", "a string", ... for "expected X, found Y" messages.
    public var kind: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(x), .array(y)): return x == y
        case let (.string(x), .string(y)), let (.number(x), .number(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case let .object(members):
            hasher.combine(0)
            for member in members { hasher.combine(member.key); hasher.combine(member.value) }
        case let .array(items): hasher.combine(1); hasher.combine(items)
        case let .string(s): hasher.combine(2); hasher.combine(s)
        case let .number(s): hasher.combine(3); hasher.combine(s)
        case let .bool(b): hasher.combine(4); hasher.combine(b)
        case .null: hasher.combine(5)
        }
    }
}
