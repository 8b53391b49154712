import Foundation
import Testing

/// Every command that reads a file answers hostile input with a message that
/// names the file and exit 2: never a crash, a hang or a trap.
@Suite struct HostileInputTests {
    static let inputs: [(name: String, content: [UInt8])] = [
        ("empty", []),
        ("truncated-json", Array(#"{"specVersion": "1.0.0", "timestamp": "17"#.utf8)),
        ("wrong-type", Array(#"{"specVersion": 1}"#.utf8)),
        ("number-beyond-256-bits", Array(#"{"n": "1157920892373161954235709850086879078532699846656405640394575840079131296399361"}"#.utf8)),
        ("negative-unsigned", Array(#"{"timestamp": "-1"}"#.utf8)),
        ("nan", Array(#"{"timestamp": NaN}"#.utf8)),
        ("invalid-hex", Array(#"{"input": "0xzz"}"#.utf8)),
        ("binary-garbage", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }),
        ("deep-nesting", Array(String(repeating: "[", count: 200_000).utf8)),
        ("huge-line", Array(("{\"k\": \"" + String(repeating: "a", count: 8 << 20) + "\"}").utf8)),
        ("lone-surrogate", Array(#"{"k": "\ud800"}"#.utf8)),
    ]

    /// (command prefix, file name) for each reader.
    static let readers: [(String, [String], String)] = [
        ("eval", ["eval"], "state.json"),
        ("diff", ["diff"], "trace.jsonl"),
        ("vectors-check", ["vectors", "check"], "case.json"),
        ("ci-config", ["ci", "--config"], "ci.json"),
        ("arith", ["arith"], "requests.jsonl"),
    ]

    @Test(arguments: readers.map(\.0))
    func hostileInputIsBadInputNamingTheFile(reader: String) throws {
        let (_, command, fileName) = Self.readers.first { $0.0 == reader }!
        let folder = try RepositoryPaths.temporaryFolder()
        // An empty request stream is a valid (empty) conversation for arith.
        for input in Self.inputs where !(reader == "arith" && input.content.isEmpty) {
            let path = folder.appendingPathComponent("\(input.name)-\(fileName)").path
            try Data(input.content).write(to: URL(fileURLWithPath: path))
            let started = Date()
            let outcome = try MarginProcess.run(command + [path])
            #expect(outcome.status == 2, "\(reader) on \(input.name): status \(outcome.status)\n\(outcome.stderr.prefix(300))")
            #expect(Date().timeIntervalSince(started) < 30, "\(reader) on \(input.name) took too long")
            if reader != "arith" {
                #expect(outcome.stderr.contains(path), "\(reader) on \(input.name): the message names the file: \(outcome.stderr.prefix(300))")
            } else {
                #expect(outcome.stdout.hasPrefix("{\"error\": \"line "), "\(input.name): \(outcome.stdout.prefix(200))")
            }
        }
    }
}
