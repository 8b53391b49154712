import Foundation

/// Writes a file so that readers never see half of it: the bytes go to a
/// temporary file in the same folder, which is then renamed over the target.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws(ToolFailure) {
        try write(Data(text.utf8), to: path)
    }

    static func write(_ data: Data, to path: String) throws(ToolFailure) {
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try data.write(to: temporary)
            if FileManager.default.fileExists(atPath: target.path) {
                _ = try FileManager.default.replaceItemAt(target, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: target)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .badInput("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
