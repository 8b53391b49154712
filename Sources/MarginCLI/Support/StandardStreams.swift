import Foundation

/// Writes a line to stderr, unbuffered, so it interleaves correctly with
/// stdout in a terminal.
func printToStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
