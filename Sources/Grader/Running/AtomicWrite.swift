import Foundation

/// Writes `data` to `url` atomically: a temporary file in the same folder, then a rename, so that a
/// reader never sees half a report.
public func writeAtomically(_ data: Data, to url: URL) throws {
    let folder = url.deletingLastPathComponent()
    do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        try data.write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw GraderError.cannotWrite(url.path, reason: String(cString: strerror(errno)))
        }
    } catch let error as GraderError {
        throw error
    } catch {
        throw GraderError.cannotWrite(url.path, reason: "\(error)")
    }
}

public func writeAtomically(_ text: String, to url: URL) throws {
    try writeAtomically(Data(text.utf8), to: url)
}
