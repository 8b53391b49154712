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
            // rename(2) replaces the target atomically within one file system.
            guard rename(temporary.path, target.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .badInput("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
