import ContractIO
import Foundation

/// Reading whole input files with messages that name the file.
enum InputFile {
    /// Largest whole-file input accepted (state files, vectors, configs);
    /// line-oriented inputs are streamed instead.
    static let maximumSize = 64 << 20

    static func readBytes(_ path: String) throws(ToolFailure) -> [UInt8] {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw .badInput("cannot read \(path): no such file or not accessible")
        }
        if (attributes[.type] as? FileAttributeType) == .typeDirectory {
            throw .badInput("cannot read \(path): it is a directory, expected a file")
        }
        if let size = attributes[.size] as? Int, size > maximumSize {
            throw .badInput("\(path): \(size) bytes, larger than the \(maximumSize >> 20) MiB limit for this kind of file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .badInput("cannot read \(path)")
        }
        return [UInt8](data)
    }

    /// Parses a whole file as one JSON value.
    static func readJSON(_ path: String) throws(ToolFailure) -> JSONValue {
        let bytes = try readBytes(path)
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw .badInput("\(path): \(error)")
        }
    }
}
