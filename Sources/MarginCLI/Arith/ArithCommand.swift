import ArgumentParser
import ContractIO

extension Margin {
    /// `margin arith`: the arithmetic layer as a line protocol, for auditors
    /// spot-checking one computation and for other tools driving it.
    struct Arith: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "arith",
            abstract: "Evaluate 256-bit EVM arithmetic, one JSON request per line.",
            discussion: """
                Each input line is {"op": "<name>", "args": ["<number>", ...]}; each output \
                line, in order, is {"result": "<decimal>"}, {"revert": "arithmetic"}, \
                {"revert": "division-by-zero"} or {"error": "line N: <what is wrong>"}. Numbers are \
                strings: a decimal without sign or leading zeros (signed ops also take - before a \
                non-zero decimal), or 0x and 1 to 64 hex digits. A line longer than 1 MiB ends the \
                input. Exit status: 0, or 2 if any line was bad.

                Example: echo '{"op": "mulwad_up", "args": ["3", "5"]}' | margin arith

                \(ArithOperation.Family.allCases.map { family in
                    family.rawValue + ": " + family.operations.map(\.rawValue).joined(separator: " ")
                }.joined(separator: "\n"))
                """
        )

        @Argument(help: ArgumentHelp("JSON Lines file to read (default, or -: standard input).", valueName: "file"))
        var file: String?

        @Flag(help: "Run a short built-in example and show each request with its answer.")
        var example = false

        func validate() throws {
            if example && file != nil {
                throw ValidationError("Please give either a FILE or --example, not both.")
            }
        }

        func run() throws {
            if example {
                for line in Self.exampleLines {
                    print(line)
                    print("  => " + Self.answer(Array(line.utf8), lineNumber: 0).text)
                }
                return
            }
            let reader: LineReader
            do { reader = try LineReader(path: file ?? "-", maximumLineLength: Self.maximumLineLength) } catch {
                throw ToolFailure.badInput("\(error)")
            }
            var badLines = 0
            while true {
                let next: [UInt8]?
                do { next = try reader.nextLine() } catch {
                    // The protocol answers every line, this one too, before giving up.
                    print(ArithRequest.line("error", "line \(error.line): \(error.message)"))
                    throw ToolFailure.badInput("\(error)")
                }
                guard let line = next else { break }
                let answer = Self.answer(line, lineNumber: reader.lineNumber)
                if answer.isError { badLines += 1 }
                print(answer.text)
            }
            if badLines > 0 {
                printToStandardError("margin arith: \(badLines) of \(reader.lineNumber) lines in \(InputSource.displayName(file ?? "-")) were bad")
                throw ExitStatus.badInput
            }
        }

        /// The output line for one input line.
        static func answer(_ line: [UInt8], lineNumber: Int) -> (text: String, isError: Bool) {
            do throws(ArithLineError) {
                return (try ArithRequest(line: line).response(), false)
            } catch {
                return (ArithRequest.line("error", "line \(lineNumber): \(error.message)"), true)
            }
        }

        /// A request is a few hundred bytes; anything near this is not one.
        static let maximumLineLength = 1 << 20

        static let exampleLines = [
            #"{"op": "add", "args": ["115792089237316195423570985008687907853269984665640564039457584007913129639935", "1"]}"#,
            #"{"op": "checked_add", "args": ["0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "1"]}"#,
            #"{"op": "sdiv", "args": ["0x8000000000000000000000000000000000000000000000000000000000000000", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"]}"#,
            #"{"op": "checked_sdiv", "args": ["-57896044618658097711785492504343953926634992332820282019728792003956564819968", "-1"]}"#,
            #"{"op": "mulwad_up", "args": ["1500000000000000000", "333333333333333333"]}"#,
            #"{"op": "muldiv", "args": ["0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"]}"#,
            #"{"op": "smuldiv_floor", "args": ["-7", "1", "2"]}"#,
            #"{"op": "isqrt", "args": ["1000000000000000000000000000000000000"]}"#,
            #"{"op": "checked_mod", "args": ["10", "0"]}"#,
            #"{"op": "exp", "args": ["2", "256"]}"#,
        ]
    }
}
