import ContractIO

/// Reading whole input files (state files, vectors, configs, reports) with
/// messages that name the file. `-`, pipes and devices work; the size is
/// capped while reading. Line-oriented inputs are streamed by LineReader.
enum InputFile {
    /// Largest whole-file input accepted: far above any real state file,
    /// vector case or config, and small enough that parsing stays cheap.
    static let maximumSize = JSONParser.maximumTextSize

    static func readBytes(_ path: String) throws(ToolFailure) -> [UInt8] {
        do { return try InputSource.readAll(path, maximumSize: maximumSize) } catch { throw .badInput("\(error)") }
    }

    /// Parses a whole file as one JSON value.
    static func readJSON(_ path: String) throws(ToolFailure) -> JSONValue {
        let bytes = try readBytes(path)
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw .badInput("\(DisplayText.escaped(InputSource.displayName(path))): \(error)")
        }
    }
}
