import Foundation

/// Copying the package without its build products, and finding its root.
public enum PackageTree {
    /// Top-level or nested names never copied: build folders, version control, outputs, virtual
    /// environments (`venv`, `.venv*`).
    static func isExcluded(_ relativePath: String) -> Bool {
        let components = relativePath.split(separator: "/")
        guard let first = components.first else { return false }
        if first.hasPrefix(".build") || first == ".git" || first == ".swiftpm" || first == "output" { return true }
        if first == "Package.resolved" { return false }
        return components.contains {
            $0.hasPrefix(".venv") || $0 == "venv" || $0 == "__pycache__" || $0 == ".DS_Store"
        }
    }

    /// The folder with `Package.swift` at or above `start`.
    public static func root(from start: URL) throws -> URL {
        var folder = start.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { throw GraderError.packageNotFound(start.path) }
            folder = parent
        }
    }

    /// Every file under `root` (relative paths), build products and excluded folders left out.
    public static func files(under root: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey]) else { return [] }
        var result: [String] = []
        let prefix = root.standardizedFileURL.path + "/"
        for case let url as URL in enumerator {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(prefix) else { continue }
            let relative = String(path.dropFirst(prefix.count))
            let isDirectory = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
            if isExcluded(relative) {
                if isDirectory { enumerator.skipDescendants() }
                continue
            }
            if !isDirectory { result.append(relative) }
        }
        return result.sorted()
    }

    /// Makes `destination` hold exactly `contents` (relative path → bytes) below it, rewriting only
    /// files whose bytes differ (so that an incremental build recompiles only what changed), and
    /// deleting other files except build folders.
    public static func synchronize(_ contents: [String: Data], into destination: URL) throws {
        let manager = FileManager.default
        for existing in files(under: destination) where contents[existing] == nil {
            try manager.removeItem(at: destination.appendingPathComponent(existing))
        }
        for (relative, data) in contents {
            let url = destination.appendingPathComponent(relative)
            if let current = try? Data(contentsOf: url), current == data { continue }
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
    }

    /// The bytes of every file of the package at `root`.
    public static func contents(of root: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for relative in files(under: root) {
            result[relative] = try Data(contentsOf: root.appendingPathComponent(relative))
        }
        return result
    }
}
