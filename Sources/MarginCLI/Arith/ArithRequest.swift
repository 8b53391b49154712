import ContractIO
import EVMArithmetic

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
        let json: JSONValue
        do {
            json = try JSONParser.parse(line)
        } catch {
            throw ArithLineError("not valid JSON (column \(error.column): \(error.message)), expected an object {\"op\": ..., \"args\": [...]}")
        }
        guard case let .object(members) = json else {
            throw ArithLineError("expected a JSON object {\"op\": ..., \"args\": [...]}, found \(json.kind)")
        }
        for member in members where member.key != "op" && member.key != "args" {
            throw ArithLineError("unexpected key \(CanonicalJSON.quoted(member.key)), expected only \"op\" and \"args\"")
        }
        guard let opValue = members.first(where: { $0.key == "op" })?.value else { throw ArithLineError("missing \"op\"") }
        guard case let .string(opName) = opValue else {
            throw ArithLineError("\"op\": expected a string, found \(opValue.kind)")
        }
        guard let operation = ArithOperation(rawValue: opName) else {
            throw ArithLineError("unknown op \(CanonicalJSON.quoted(opName)); see `margin arith --help` for the list")
        }
        guard let argsValue = members.first(where: { $0.key == "args" })?.value else { throw ArithLineError("missing \"args\"") }
        guard case let .array(args) = argsValue else {
            throw ArithLineError("\"args\": expected an array of strings, found \(argsValue.kind)")
        }
        guard args.count == operation.arity else {
            let noun = operation.arity == 1 ? "argument" : "arguments"
            throw ArithLineError("\(opName) takes \(operation.arity) \(noun), found \(args.count)")
        }
        var words: [UInt256] = []
        for (index, arg) in args.enumerated() {
            guard case let .string(text) = arg else {
                let expected = operation.isSigned ? "a signed decimal or 0x-hex string" : "a decimal or 0x-hex string"
                throw ArithLineError("args[\(index)]: expected \(expected), found \(arg.kind)")
            }
            if text.hasPrefix("-") && !operation.isSigned {
                throw ArithLineError("args[\(index)]: negative value \(JSONNode.quote(text)); \(opName) takes unsigned numbers")
            }
            guard JSONNode.isNumberSpelling(text, signed: operation.isSigned, hex: true) else {
                // A wrong digit is named where it is; a wrong spelling by what is allowed.
                if text.hasPrefix("0x"), case let .failure(error) = Result(catching: { () throws(NumberParseError) in try UInt256(parsing: text) }) {
                    throw ArithLineError("args[\(index)]: \(error)")
                }
                let signed = operation.isSigned ? ", or - and a non-zero decimal" : ""
                throw ArithLineError("args[\(index)]: expected a decimal without leading zeros or sign\(signed), or 0x and 1 to 64 hex digits; found \(JSONNode.quote(text))")
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
        case let .success(result): return ArithRequest.line("result", result)
        case let .failure(failure): return ArithRequest.line("revert", failure.name)
        }
    }

    /// A one-key object in the protocol's exact shape: `{"key": "value"}`.
    static func line(_ key: String, _ value: String) -> String {
        "{\(CanonicalJSON.quoted(key)): \(CanonicalJSON.quoted(value))}"
    }
}

/// What is wrong with one input line.
struct ArithLineError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
