import ContractIO
import MarginEngine

/// Checks one case file against the model: its inputs are re-run and every
/// recorded field compared, and its hash re-computed.
public enum VectorCheck {
    public struct Mismatch: Sendable {
        /// JSON path of the first differing field, e.g. `expect.revert.data`.
        public let path: String
        public let expected: String
        public let actual: String
    }

    /// nil when the case passes. Throws for a malformed case (bad input).
    public static func check(json: JSONValue, relativePath: String) throws(JSONPathError) -> Mismatch? {
        let vectorCase = try VectorCase(json: json, relativePath: relativePath)
        let recorded: JSONValue
        do {
            recorded = try VectorRecorder.record(vectorCase)
        } catch {
            throw JSONPathError(path: "deployment", message: "\(error)")
        }
        // The file's own hash must match its content, so hand edits show.
        if case let .object(members) = json {
            let body = JSONValue.object(members.filter { $0.key != "_info" })
            let stated = members.first { $0.key == "_info" }.flatMap { info -> String? in
                if case let .object(fields) = info.value, let hash = fields.first(where: { $0.key == "hash" }),
                   case let .string(s) = hash.value { return s }
                return nil
            } ?? ""
            let computed = VectorRecorder.contentHash(body)
            if stated != computed {
                return Mismatch(path: "_info.hash", expected: stated, actual: computed + " (hash of the file's content)")
            }
        }
        return firstDifference(expected: json, actual: recorded, path: "", ignoring: ["_info.generator", "_info.hash"])
    }

    /// The first path where two JSON values differ.
    static func firstDifference(expected: JSONValue, actual: JSONValue, path: String, ignoring: Set<String>) -> Mismatch? {
        if ignoring.contains(path) { return nil }
        switch (expected, actual) {
        case let (.object(e), .object(a)):
            let keys = Set(e.map(\.key)).union(a.map(\.key)).sorted()
            for key in keys {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if ignoring.contains(child) { continue }
                guard let ev = e.first(where: { $0.key == key })?.value else {
                    return Mismatch(path: child, expected: "(absent)", actual: render(a.first { $0.key == key }!.value))
                }
                guard let av = a.first(where: { $0.key == key })?.value else {
                    return Mismatch(path: child, expected: render(ev), actual: "(absent)")
                }
                if let m = firstDifference(expected: ev, actual: av, path: child, ignoring: ignoring) { return m }
            }
            return nil
        case let (.array(e), .array(a)):
            for i in 0..<min(e.count, a.count) {
                if let m = firstDifference(expected: e[i], actual: a[i], path: "\(path)[\(i)]", ignoring: ignoring) { return m }
            }
            if e.count != a.count {
                return Mismatch(path: "\(path)", expected: "\(e.count) items", actual: "\(a.count) items")
            }
            return nil
        default:
            return expected == actual ? nil : Mismatch(path: path, expected: render(expected), actual: render(actual))
        }
    }

    private static func render(_ value: JSONValue) -> String {
        let text = CanonicalJSON.renderCompact(value)
        return text.count > 400 ? String(text.prefix(400)) + "…" : text
    }
}
