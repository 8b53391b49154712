import EVMArithmetic
import Foundation

/// One parsed line of `margin arith` input: `{"op": "...", "args": [...]}`.
struct ArithRequest {
    let operation: ArithOperation
    /// Arguments as words; int256 arguments as their bit patterns.
    let arguments: [UInt256]

    /// Parses one JSON line; the error says what is wrong and where.
    init(line: [UInt8]) throws(ArithLineError) {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            throw ArithLineError("empty line, expected a JSON object {\"op\": ..., \"args\": [...]}")
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed])
        } catch {
            throw ArithLineError("not valid JSON, expected an object {\"op\": ..., \"args\": [...]}")
        }
        guard let object = json as? [String: Any] else {
            throw ArithLineError("expected a JSON object {\"op\": ..., \"args\": [...]}, found \(JSONValueKind.of(json))")
        }
        for key in object.keys.sorted() where key != "op" && key != "args" {
            throw ArithLineError("unexpected key \(JSONText.string(key)), expected only \"op\" and \"args\"")
        }
        guard let opValue = object["op"] else { throw ArithLineError("missing \"op\"") }
        guard let opName = opValue as? String else {
            throw ArithLineError("\"op\": expected a string, found \(JSONValueKind.of(opValue))")
        }
        guard let operation = ArithOperation(rawValue: opName) else {
            throw ArithLineError("unknown op \(JSONText.string(opName)); see `margin arith --help` for the list")
        }
        guard let argsValue = object["args"] else { throw ArithLineError("missing \"args\"") }
        guard let args = argsValue as? [Any] else {
            throw ArithLineError("\"args\": expected an array of strings, found \(JSONValueKind.of(argsValue))")
        }
        guard args.count == operation.arity else {
            let noun = operation.arity == 1 ? "argument" : "arguments"
            throw ArithLineError("\(opName) takes \(operation.arity) \(noun), found \(args.count)")
        }
        var words: [UInt256] = []
        for (index, arg) in args.enumerated() {
            guard let text = arg as? String else {
                let expected = operation.isSigned ? "a signed decimal or 0x-hex string" : "a decimal or 0x-hex string"
                throw ArithLineError("args[\(index)]: expected \(expected), found \(JSONValueKind.of(arg))")
            }
            do throws(NumberParseError) {
                words.append(operation.isSigned ? try Int256(parsing: text).bitPattern : try UInt256(parsing: text))
            } catch {
                throw ArithLineError("args[\(index)]: \(error)")
            }
        }
        self.operation = operation
        self.arguments = words
    }

    /// The response line: `{"result": "..."}` or `{"revert": "<class>"}`.
    func response() -> String {
        switch operation.evaluate(arguments) {
        case let .success(result): return JSONText.object("result", result)
        case let .failure(failure): return JSONText.object("revert", failure.name)
        }
    }
}

/// What is wrong with one input line.
struct ArithLineError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A JSON value's kind, for "expected X, found Y" messages.
enum JSONValueKind {
    static func of(_ value: Any) -> String {
        switch value {
        case is String: return "a string"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        case is NSNull: return "null"
        case let number as NSNumber:
            // Foundation hands JSON true/false over as NSNumbers of ObjC type
            // "c" (char); JSON numbers never come back as that type.
            return String(cString: number.objCType) == "c" ? "a boolean" : "a number"
        default: return "an unsupported value"
        }
    }
}
