// Reading the Markdown of Spec/: fenced code blocks and table rows, so that
// tests compare against the numbers and names the Spec prints, not a copy
// of them. Shared by the test targets (MarginEngineTests, VerificationTests).
import Foundation

/// One Markdown file of Spec/, found from this file's location.
public struct SpecDocument {
    public let name: String
    public let text: String

    /// The repository root: two levels above Tests/SpecText/.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public init(_ relativePath: String) throws {
        let url = SpecDocument.repositoryRoot.appendingPathComponent("Spec").appendingPathComponent(relativePath)
        name = "Spec/" + relativePath
        text = try String(contentsOf: url, encoding: .utf8)
    }

    /// The contents of every fenced block with this info string (```json …```), in file order.
    public func codeBlocks(language: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let lines = current {
                if line.hasPrefix("```") {
                    blocks.append(lines.joined(separator: "\n"))
                    current = nil
                } else {
                    current = lines + [line]
                }
            } else if line == "```" + language {
                current = []
            }
        }
        return blocks
    }

    /// The cells of the rows of the first table under the level-2 heading
    /// `section`, header and separator rows left out. Backticks around a
    /// cell are removed.
    public func tableRows(inSection section: String) -> [[String]] {
        var rows: [[String]] = []
        var inSection = false
        var inTable = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                inSection = line.dropFirst(3).trimmingCharacters(in: .whitespaces) == section
                continue
            }
            guard inSection else { continue }
            guard line.hasPrefix("|") else {
                if inTable { return rows }                                                    // the first table ended
                continue
            }
            let cells = line.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if !inTable { inTable = true; continue }                                          // header
            if cells.allSatisfy({ $0.allSatisfy { $0 == "-" || $0 == ":" } }) { continue }   // separator
            rows.append(cells.map { $0.hasPrefix("`") && $0.hasSuffix("`") ? String($0.dropFirst().dropLast()) : $0 })
        }
        return rows
    }
}
