import Foundation
import Testing

/// `margin diff` on traces the real EVM produced, and on damaged ones.
@Suite struct DiffCommandTests {
    static let traces = ["seed-11", "seed-12", "seed-13"]

    @Test(arguments: traces)
    func committedEVMTraceReplaysWithoutDivergence(name: String) throws {
        let outcome = try MarginProcess.run(["diff", RepositoryPaths.path("Vectors/traces/\(name).jsonl")])
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("PASS"))
    }

    /// Writes a copy of a committed trace with `edit` applied to its lines.
    func damagedTrace(_ edit: (inout [String]) -> Void) throws -> String {
        let text = try String(contentsOfFile: RepositoryPaths.path("Vectors/traces/seed-11.jsonl"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        edit(&lines)
        let path = try RepositoryPaths.temporaryFolder().appendingPathComponent("trace.jsonl").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func changedReturnByteIsADivergenceAtThatCall() throws {
        // Flip the last hex digit of the first successful view's output.
        var changedLine = 0
        let path = try damagedTrace { lines in
            for (i, line) in lines.enumerated() where line.contains("\"type\":\"STATICCALL\"") && !line.contains("\"error\"") {
                guard let range = line.range(of: "\"output\":\"0x") else { continue }
                let end = line[range.upperBound...].firstIndex(of: "\"")!
                let last = line.index(before: end)
                let flipped: Character = line[last] == "0" ? "1" : "0"
                lines[i] = line.replacingCharacters(in: last...last, with: String(flipped))
                changedLine = i + 1
                break
            }
        }
        let outcome = try MarginProcess.run(["diff", path])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("trace line \(changedLine)"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("return data"))
        #expect(outcome.stdout.contains("^^"), "the differing byte is marked")
        #expect(outcome.stdout.contains("preceding calls:"))
    }

    @Test func droppedEventIsADivergence() throws {
        let path = try damagedTrace { lines in
            for (i, line) in lines.enumerated() where i > 0 && line.contains("\"logs\":[{") {
                lines[i] = line.replacingOccurrences(of: #"\"logs\":\[\{.*?\}\]"#, with: "\"logs\":[]", options: .regularExpression)
                break
            }
        }
        let outcome = try MarginProcess.run(["diff", path, "--json"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("\"field\": \"number of events\""), "\(outcome.stdout)")
    }

    @Test func allReportsEveryDivergence() throws {
        // Swapping two consecutive state-changing calls' outputs cannot be consistent.
        let path = try damagedTrace { lines in
            for (i, line) in lines.enumerated() where line.contains("\"error\":\"execution reverted\"") && i > 5 {
                lines[i] = line.replacingOccurrences(of: "\"error\":\"execution reverted\",", with: "")
                    .replacingOccurrences(of: ",\"error\":\"execution reverted\"", with: "")
                if i > 200 { break }
            }
        }
        let first = try MarginProcess.run(["diff", path])
        let all = try MarginProcess.run(["diff", path, "--all"])
        #expect(first.status == 1 && all.status == 1)
        let count = { (s: String) in s.components(separatedBy: "Divergence at call").count - 1 }
        #expect(count(first.stdout) == 1)
        #expect(count(all.stdout) > 1)
    }

    @Test func junitReportIsWritten() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let report = folder.appendingPathComponent("diff.xml").path
        let outcome = try MarginProcess.run(["diff", RepositoryPaths.path("Vectors/traces/seed-12.jsonl"), "--junit", report])
        #expect(outcome.status == 0)
        let xml = try String(contentsOfFile: report, encoding: .utf8)
        #expect(xml.contains("<testsuite name=\"margin diff\" tests=\"1\" failures=\"0\""))
    }

    @Test(arguments: [
        ("empty", ""),
        ("truncated", "{\"block\":{\"number\":\"1\",\"timestamp\":\"17000"),
        ("not-json", "hello"),
        ("no-deployment-first", #"{"block":{"number":"1","timestamp":"1"},"type":"CALL","from":"0x0000000000000000000000000000000000001000","to":"0x0000000000000000000000000000000000002000","input":"0x8da5cb5b","output":"0x","logs":[]}"#),
        ("bad-address", #"{"block":{"number":"1","timestamp":"1"},"type":"CREATE","from":"0x12","to":"0x0000000000000000000000000000000000002000","input":"0x","output":"0x","logs":[]}"#),
        ("binary", "\u{0}\u{1}\u{2}\u{ff}"),
    ])
    func malformedTraceIsBadInput(name: String, content: String) throws {
        let path = try RepositoryPaths.temporaryFolder().appendingPathComponent("\(name).jsonl").path
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try MarginProcess.run(["diff", path])
        #expect(outcome.status == 2, "\(name): \(outcome.stdout) \(outcome.stderr)")
        #expect(outcome.stderr.contains(path), "the message names the file: \(outcome.stderr)")
    }

    @Test func unknownSelectorIsBadInputNamingTheLine() throws {
        let path = try damagedTrace { lines in
            lines[3] = lines[3].replacingOccurrences(of: #""input":"0x[0-9a-f]{8}"#, with: "\"input\":\"0xdeadbeef", options: .regularExpression)
        }
        let outcome = try MarginProcess.run(["diff", path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("line 4"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("unknown selector 0xdeadbeef"))
    }
}
