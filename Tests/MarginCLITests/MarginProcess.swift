import Foundation

/// Runs the built `margin` binary the way a user or CI would.
struct MarginProcess {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
        var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    }

    struct NotBuilt: Error, CustomStringConvertible {
        let description: String
    }

    /// The `margin` executable the build put next to the test runner
    /// (`<build>/debug/DynamicMarginPackageTests.xctest` on Linux): only
    /// there, so a stray `margin` elsewhere is never tested instead.
    static func executable() throws -> URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        #if os(macOS)
        // Inside an .xctest bundle on Darwin the runner is three levels deeper.
        folder = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        #endif
        let candidate = folder.appendingPathComponent("margin")
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
            throw NotBuilt(description: "no margin executable at \(candidate.path): the tests need the tool built beside them (swift build)")
        }
        return candidate
    }

    static func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:],
                    currentDirectory: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = try executable()
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "GITHUB_ACTIONS")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        // Read both pipes before waiting so a full pipe cannot deadlock.
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self)
        )
    }
}
