import Foundation
import Testing

/// `margin arith` as a line protocol: one answer per line, in order, errors
/// that name the line and field, exit 2 on any bad line. The arithmetic
/// itself is checked against GMP in EVMArithmeticTests; these pin the I/O.
@Suite struct ArithCommandTests {
    static let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
    static let intMin = "-57896044618658097711785492504343953926634992332820282019728792003956564819968"

    /// Requests with answers worked out by hand from the EVM/Solidity rules.
    static let knownAnswers: [(request: String, answer: String)] = [
        (#"{"op": "add", "args": ["\#(max)", "2"]}"#, #"{"result": "1"}"#),
        (#"{"op": "sub", "args": ["0", "1"]}"#, #"{"result": "\#(max)"}"#),
        (#"{"op": "div", "args": ["7", "0"]}"#, #"{"result": "0"}"#),
        (#"{"op": "sdiv", "args": ["\#(max)", "2"]}"#, #"{"result": "0"}"#),  // -1 / 2 truncates to 0
        (#"{"op": "smod", "args": ["\#(max)", "3"]}"#, #"{"result": "\#(max)"}"#),  // -1 mod 3 = -1
        (#"{"op": "addmod", "args": ["\#(max)", "\#(max)", "7"]}"#, #"{"result": "2"}"#),  // (2^257 - 2) mod 7
        (#"{"op": "exp", "args": ["0", "0"]}"#, #"{"result": "1"}"#),
        (#"{"op": "byte", "args": ["31", "0x1234"]}"#, #"{"result": "52"}"#),
        (#"{"op": "shl", "args": ["256", "1"]}"#, #"{"result": "0"}"#),
        (#"{"op": "sar", "args": ["300", "\#(max)"]}"#, #"{"result": "\#(max)"}"#),
        (#"{"op": "signextend", "args": ["0", "0xff"]}"#, #"{"result": "\#(max)"}"#),
        (#"{"op": "slt", "args": ["\#(max)", "0"]}"#, #"{"result": "1"}"#),
        (#"{"op": "checked_sub", "args": ["0", "1"]}"#, #"{"revert": "arithmetic"}"#),
        (#"{"op": "checked_div", "args": ["1", "0"]}"#, #"{"revert": "division-by-zero"}"#),
        (#"{"op": "checked_smul", "args": ["\#(intMin)", "-1"]}"#, #"{"revert": "arithmetic"}"#),
        (#"{"op": "checked_smod", "args": ["\#(intMin)", "-1"]}"#, #"{"result": "0"}"#),
        (#"{"op": "checked_ssub", "args": ["-16", "1"]}"#, #"{"result": "-17"}"#),
        (#"{"op": "muldiv", "args": ["\#(max)", "2", "4"]}"#, #"{"result": "57896044618658097711785492504343953926634992332820282019728792003956564819967"}"#),
        (#"{"op": "muldiv", "args": ["\#(max)", "2", "1"]}"#, #"{"revert": "arithmetic"}"#),
        (#"{"op": "muldiv_up", "args": ["5", "1", "2"]}"#, #"{"result": "3"}"#),
        (#"{"op": "divwad", "args": ["1", "0"]}"#, #"{"revert": "division-by-zero"}"#),
        (#"{"op": "divwad_up", "args": ["1000000000000000000", "3000000000000000000"]}"#, #"{"result": "333333333333333334"}"#),
        (#"{"op": "mulwad", "args": ["2500000000000000000", "3"]}"#, #"{"result": "7"}"#),
        (#"{"op": "isqrt", "args": ["\#(max)"]}"#, #"{"result": "340282366920938463463374607431768211455"}"#),
        (#"{"op": "sqrt_up", "args": ["\#(max)"]}"#, #"{"result": "340282366920938463463374607431768211456"}"#),
        (#"{"op": "smuldiv", "args": ["-7", "1", "2"]}"#, #"{"result": "-3"}"#),
        (#"{"op": "smuldiv_floor", "args": ["-7", "1", "2"]}"#, #"{"result": "-4"}"#),
        (#"{"op": "smuldiv_floor", "args": ["\#(intMin)", "1", "-1"]}"#, #"{"revert": "arithmetic"}"#),
    ]

    @Test func answersEachLineInOrder() throws {
        let input = Self.knownAnswers.map(\.request).joined(separator: "\n") + "\n"
        let outcome = try MarginProcess.run(["arith"], stdin: input)
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let lines = outcome.stdoutLines
        #expect(lines.count == Self.knownAnswers.count)
        for (line, expected) in zip(lines, Self.knownAnswers) {
            #expect(line == expected.answer, "request: \(expected.request)")
        }
    }

    @Test func readsAFileArgumentWithoutTrailingNewline() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("arith-\(UUID()).jsonl")
        try Data(#"{"op": "mul", "args": ["6", "7"]}"#.utf8).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let outcome = try MarginProcess.run(["arith", path.path])
        #expect(outcome.status == 0)
        #expect(outcome.stdoutLines == [#"{"result": "42"}"#])
    }

    @Test(arguments: [
        ("not json", "line 1: not valid JSON"),
        (#"{"op": "frobnicate", "args": []}"#, #"line 1: unknown op \"frobnicate\""#),
        (#"{"op": "add", "args": ["1"]}"#, "line 1: add takes 2 arguments, found 1"),
        (#"{"op": "add", "args": [1, "2"]}"#, "line 1: args[0]: expected a decimal or 0x-hex string, found a number"),
        (#"{"op": "add", "args": ["1", "\#(max)0"]}"#, "line 1: args[1]: value out of range"),
        (#"{"op": "checked_sadd", "args": ["57896044618658097711785492504343953926634992332820282019728792003956564819968", "0"]}"#, "line 1: args[0]: value out of range, expected -2^255 to 2^255 - 1 (int256)"),
        (#"{"op": "add", "args": ["-1", "2"]}"#, "line 1: args[0]: negative value"),
        (#"{"op": "add", "args": ["0xg", "2"]}"#, "line 1: args[0]: invalid digit"),
        (#"{"op": "add"}"#, #"line 1: missing \"args\""#),
        (#"["add"]"#, "line 1: expected a JSON object"),
        (#"{"op": "add", "args": ["1", "2"], "extra": true}"#, #"line 1: unexpected key \"extra\""#),
        ("", "line 1: empty line"),
    ])
    func badLineGetsAnErrorLineAndExitTwo(line: String, expectedError: String) throws {
        let outcome = try MarginProcess.run(["arith"], stdin: line + "\n")
        #expect(outcome.status == 2)
        #expect(outcome.stdoutLines.count == 1)
        let answer = outcome.stdoutLines.first ?? ""
        #expect(answer.hasPrefix(#"{"error": "\#(expectedError)"#), "got \(answer)")
    }

    @Test func badLinesDoNotStopTheRest() throws {
        let input = "{\"op\": \"add\", \"args\": [\"1\", \"1\"]}\n\u{1}\u{ff}garbage\n{\"op\": \"iszero\", \"args\": [\"0\"]}\n"
        let outcome = try MarginProcess.run(["arith"], stdin: input)
        #expect(outcome.status == 2)
        #expect(outcome.stdoutLines.count == 3)
        #expect(outcome.stdoutLines.first == #"{"result": "2"}"#)
        #expect(outcome.stdoutLines.last == #"{"result": "1"}"#)
        #expect(outcome.stdoutLines.dropFirst().first?.hasPrefix(#"{"error": "line 2: "#) == true)
        #expect(outcome.stderr.contains("1 of 3 lines"))
    }

    @Test func missingFileIsBadInput() throws {
        let outcome = try MarginProcess.run(["arith", "/nonexistent/requests.jsonl"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("/nonexistent/requests.jsonl"))
    }

    @Test func usageErrorExitsTwo() throws {
        #expect(try MarginProcess.run(["arith", "--no-such-flag"]).status == 2)
        #expect(try MarginProcess.run(["no-such-command"]).status == 2)
    }

    @Test func builtInExampleRuns() throws {
        let outcome = try MarginProcess.run(["arith", "--example"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains(#"=> {"revert": "arithmetic"}"#))
        #expect(!outcome.stdout.contains("error"))
    }
}
