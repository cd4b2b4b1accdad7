import Foundation

/// Atomic file output: the bytes go to a temporary file in the destination's folder, which is
/// then renamed over the destination. `rename(2)` within one file system is atomic, so readers see
/// either the old file or the complete new one, never a torn write.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try Data(bytes).write(to: temporary)
        } catch {
            throw CheckpointError.fileAccess(path: url.path, reason: "cannot write \(temporary.path): \(error.localizedDescription)")
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw CheckpointError.fileAccess(path: url.path, reason: "cannot rename the temporary file into place: \(reason)")
        }
    }
}
