import Foundation
import Testing

/// The tool never deletes or overwrites a file it did not create, checks
/// every output before any work, and writes through devices and links.
@Suite struct FileSafetyTests {
    let fm = FileManager.default

    func write(_ text: String, _ url: URL) throws {
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// A folder that looks like a user's repository.
    func repository() throws -> URL {
        let folder = try RepositoryPaths.temporaryFolder()
        try write("[core]\n", folder.appendingPathComponent(".git/config"))
        try write("# my project\n", folder.appendingPathComponent("README.md"))
        try write("let x = 1\n", folder.appendingPathComponent("Sources/main.swift"))
        return folder
    }

    @Test(arguments: [".", ""])
    func generatingIntoAFolderItDidNotWriteDeletesNothing(_ out: String) throws {
        let folder = try repository()
        let outcome = try MarginProcess.run(["vectors", "generate", "--out", out], currentDirectory: folder)
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(try read(folder.appendingPathComponent(".git/config")) == "[core]\n")
        #expect(try read(folder.appendingPathComponent("README.md")) == "# my project\n")
        #expect(try read(folder.appendingPathComponent("Sources/main.swift")) == "let x = 1\n")
        #expect(!fm.fileExists(atPath: folder.appendingPathComponent("deposit").path))
        if out == "." {
            #expect(outcome.stderr.contains("has no corpus-manifest.txt"), "\(outcome.stderr)")
            #expect(outcome.stderr.contains(".git"), "names a foreign file: \(outcome.stderr)")
        }
    }

    @Test func regenerationReplacesOnlyWhatTheGeneratorWrote() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let corpus = folder.appendingPathComponent("V")
        #expect(try MarginProcess.run(["vectors", "generate", "--out", corpus.path]).status == 0)
        let manifest = try read(corpus.appendingPathComponent("corpus-manifest.txt"))
        #expect(manifest.contains(" deposit/basic/usdc.json\n"))

        // Foreign content: a hand-written case, a README, a notes folder, traces.
        let mine = corpus.appendingPathComponent("deposit/mine/x.json")
        try write("{\"hand\": \"written\"}\n", mine)
        try write("notes\n", corpus.appendingPathComponent("README.md"))
        try write("n\n", corpus.appendingPathComponent("notes/n.txt"))
        try write("{}\n", corpus.appendingPathComponent("traces/t.jsonl"))
        // A generated file removed by hand comes back; the rest is untouched.
        try fm.removeItem(at: corpus.appendingPathComponent("withdraw"))
        let again = try MarginProcess.run(["vectors", "generate", "--out", corpus.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try read(mine) == "{\"hand\": \"written\"}\n")
        #expect(try read(corpus.appendingPathComponent("README.md")) == "notes\n")
        #expect(try read(corpus.appendingPathComponent("notes/n.txt")) == "n\n")
        #expect(try read(corpus.appendingPathComponent("traces/t.jsonl")) == "{}\n")
        #expect(fm.fileExists(atPath: corpus.appendingPathComponent("withdraw/basic").path))
        #expect(try read(corpus.appendingPathComponent("corpus-manifest.txt")) == manifest)

        // A generated file changed by hand is not overwritten.
        let usdc = corpus.appendingPathComponent("deposit/basic/usdc.json")
        try write("my edit\n", usdc)
        let refused = try MarginProcess.run(["vectors", "generate", "--out", corpus.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("was changed since the tool generated it"), "\(refused.stderr)")
        #expect(try read(usdc) == "my edit\n")
    }

    @Test func aSymlinkPlantedInsideTheCorpusIsNotFollowed() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let corpus = folder.appendingPathComponent("V")
        #expect(try MarginProcess.run(["vectors", "generate", "--out", corpus.path]).status == 0)
        let outside = folder.appendingPathComponent("outside")
        try fm.createDirectory(at: outside, withIntermediateDirectories: true)
        try fm.removeItem(at: corpus.appendingPathComponent("deposit"))
        try fm.createSymbolicLink(at: corpus.appendingPathComponent("deposit"), withDestinationURL: outside)
        let outcome = try MarginProcess.run(["vectors", "generate", "--out", corpus.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("symbolic link"), "\(outcome.stderr)")
        #expect(try fm.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    @Test func aReportNamedAsTheInputIsRefusedAndTheInputKept() throws {
        let trace = try RepositoryPaths.temporaryFolder().appendingPathComponent("t.jsonl")
        try fm.copyItem(atPath: RepositoryPaths.path("Vectors/traces/seed-13.jsonl"), toPath: trace.path)
        let before = try Data(contentsOf: trace)
        for option in ["--junit", "--json-file"] {
            let outcome = try MarginProcess.run(["diff", trace.path, option, trace.path])
            #expect(outcome.status == 2)
            #expect(outcome.stderr.contains("is also an input"), "\(outcome.stderr)")
        }
        #expect(try Data(contentsOf: trace) == before)
    }

    @Test func outputsAreCheckedBeforeAnyWork() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let cases: [([String], String)] = [
            (["ci", "--junit", folder.appendingPathComponent("missing/ci.xml").path], "does not exist"),
            (["ci", "--json-file", folder.path], "is a directory"),
            (["ci", "--junit", folder.appendingPathComponent("same").path, "--json-file", folder.appendingPathComponent("same").path],
             "give each report its own file"),
            (["scenario", "--out", folder.appendingPathComponent("missing/s.json").path], "does not exist"),
            (["plot", "--example", "--out", folder.path], "is a directory"),
        ]
        for (arguments, message) in cases {
            let started = Date()
            let outcome = try MarginProcess.run(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
            #expect(!outcome.stdout.contains("VERDICT"), "refused before the gate ran: \(outcome.stdout)")
            #expect(Date().timeIntervalSince(started) < 20)
        }
    }

    @Test func devicesAreWrittenThroughNotReplaced() throws {
        let null = try MarginProcess.run(["scenario", "--calls", "3", "--out", "/dev/null"])
        #expect(null.status == 0)
        let attributes = try fm.attributesOfItem(atPath: "/dev/null")
        #expect(attributes[.type] as? FileAttributeType == .typeCharacterSpecial)
        let stdout = try MarginProcess.run(["scenario", "--calls", "3", "--out", "/dev/stdout"])
        #expect(stdout.status == 0)
        #expect(stdout.stdout.hasPrefix("{\n  \"calls\""))
        let full = try MarginProcess.run(["scenario", "--calls", "3", "--out", "/dev/full"])
        #expect(full.status == 2)
        #expect(full.stderr.contains("No space left on device"), "\(full.stderr)")
        #expect(try fm.attributesOfItem(atPath: "/dev/full")[.type] as? FileAttributeType == .typeCharacterSpecial)
    }

    @Test func aFileTheToolDidNotWriteIsNotOverwritten() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let notes = folder.appendingPathComponent("notes.md"), state = folder.appendingPathComponent("state.json")
        try write("my notes\n", notes)
        try write("{\"specVersion\": \"1.0.0\"}\n", state)
        for (arguments, file) in [(["scenario", "--calls", "1", "--out", notes.path], notes), (["plot", "--example", "--out", notes.path], notes),
                                  (["diff", RepositoryPaths.path("Vectors/traces/seed-13.jsonl"), "--junit", state.path], state)] {
            let before = try read(file)
            let outcome = try MarginProcess.run(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.stderr.contains("was not written by this tool"), "\(outcome.stderr)")
            #expect(try read(file) == before)
        }
        // Its own earlier output it replaces.
        let scenario = folder.appendingPathComponent("s.json")
        #expect(try MarginProcess.run(["scenario", "--calls", "1", "--out", scenario.path]).status == 0)
        #expect(try MarginProcess.run(["scenario", "--calls", "2", "--seed", "3", "--out", scenario.path]).status == 0)
        let junit = folder.appendingPathComponent("r.xml")
        for _ in 0..<2 {
            #expect(try MarginProcess.run(["diff", RepositoryPaths.path("Vectors/traces/seed-13.jsonl"), "--junit", junit.path]).status == 0)
        }
    }

    @Test func aSymlinkOutputWritesItsTargetAndStaysALink() throws {
        let folder = try RepositoryPaths.temporaryFolder()
        let target = folder.appendingPathComponent("target.json"), link = folder.appendingPathComponent("link.json")
        try write("", target)
        try fm.createSymbolicLink(at: link, withDestinationURL: target)
        #expect(try MarginProcess.run(["scenario", "--calls", "3", "--out", link.path]).status == 0)
        #expect(try fm.destinationOfSymbolicLink(atPath: link.path) == target.path)
        #expect(try read(target).hasPrefix("{\n  \"calls\""))
    }
}
