import Foundation

/// Writes files so that a reader never sees half of one: the bytes go to a temporary file in the
/// same folder, which is then renamed over the target (`rename(2)` is atomic within a file system).
public enum AtomicFile {
    /// Writes `data` to `url` atomically, creating the folder if needed.
    public static func write(_ data: Data, to url: URL) throws {
        try createFolder(for: url)
        let temporary = temporaryURL(for: url)
        do {
            try data.write(to: temporary)
            try replace(url, with: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw AtomicFileError(path: url.path, reason: AtomicFileError.plainReason(error))
        }
    }

    /// Lets `produce` write a temporary file next to `url` (with the same extension, so tools that
    /// pick the format by extension still work), then renames it to `url`.
    public static func write(to url: URL, using produce: (URL) throws -> Void) throws {
        try createFolder(for: url)
        let temporary = temporaryURL(for: url)
        do {
            try produce(temporary)
            try replace(url, with: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// `.<name>.tmp-<pid>-<n>.<extension>` in the same folder as `url`.
    static func temporaryURL(for url: URL) -> URL {
        let folder = url.deletingLastPathComponent()
        let name = url.deletingPathExtension().lastPathComponent
        let pathExtension = url.pathExtension
        let unique = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        let file = ".\(name).tmp-\(unique)" + (pathExtension.isEmpty ? "" : ".\(pathExtension)")
        return folder.appendingPathComponent(file)
    }

    private static func createFolder(for url: URL) throws {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw AtomicFileError(path: folder.path, reason: "cannot create the folder (\(AtomicFileError.plainReason(error)))")
        }
    }

    private static func replace(_ url: URL, with temporary: URL) throws {
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw AtomicFileError(path: url.path, reason: "cannot rename the temporary file: \(reason)")
        }
    }
}

/// A file that could not be written.
public struct AtomicFileError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String {
        "cannot write '\(path)': \(reason); check that the folder is writable and the disk is not full"
    }

    /// The operating system's sentence for `error` ("No space left on device"), not Foundation's
    /// dump of its error domain and user info.
    public static func plainReason(_ error: any Error) -> String {
        if let error = error as? AtomicFileError { return error.reason }
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        return error.localizedDescription
    }
}
