import ContractIO

/// ArgumentParser lets the last of a repeated single-valued option win in
/// silence: `--seed 1 … --seed 2` would run seed 2 while a reader of the
/// command line sees seed 1. A repeated option is a usage error instead,
/// except for the options that collect every occurrence.
enum RepeatedOptions {
    /// The options declared as arrays (`--experimental-dump-help` marks them
    /// `isRepeating`; HelpTests checks this list against it).
    static let collecting: Set<String> = ["--merge", "--side", "--notional"]

    static func check(_ arguments: some Sequence<String>) throws(ToolFailure) {
        var seen = Set<String>()
        for word in arguments {
            if word == "--" { return }  // what follows is positional
            guard word.hasPrefix("--") else { continue }
            let name = String(word.prefix { $0 != "=" })
            guard !collecting.contains(name) else { continue }
            if !seen.insert(name).inserted {
                throw .badInput("option \(DisplayText.escaped(name)) is given more than once; give it once")
            }
        }
    }
}
