import ArgumentParser

extension Margin {
    /// `margin vectors`: the test-vector corpus.
    struct Vectors: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vectors",
            abstract: "Generate and check JSON test vectors (Spec/vector-format.md).",
            discussion: "Examples: margin vectors generate --out Vectors; margin vectors check Vectors --junit vectors.xml",
            subcommands: [Generate.self, Check.self]
        )
    }
}
