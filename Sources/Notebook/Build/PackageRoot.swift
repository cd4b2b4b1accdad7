import Foundation

/// Finds the package's root folder (the one with `Package.swift`), where `lessons/`, `Sources/`
/// and `output/` live.
public enum PackageRoot {
    /// Walks up from `start` (default: the current directory) to the first folder containing
    /// `Package.swift` (naming the `Regularize` package) and `Sources`; falls back to the folder
    /// this file was compiled from (`#filePath`), which is right for `swift run --package-path`
    /// from anywhere, and `swift test`.
    public static func locate(
        from start: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        filePath: String = #filePath
    ) -> URL {
        if let found = search(upwardFrom: start), isRegularize(found) { return found }
        // Sources/Notebook/Build/PackageRoot.swift → four levels up.
        var compiled = URL(fileURLWithPath: filePath)
        for _ in 0..<4 { compiled.deleteLastPathComponent() }
        return compiled.standardizedFileURL
    }

    /// The nearest folder at or above `start` that looks like this package, or nil.
    public static func search(upwardFrom start: URL) -> URL? {
        var folder = start.standardizedFileURL
        let manager = FileManager.default
        while true {
            let hasManifest = manager.fileExists(atPath: folder.appendingPathComponent("Package.swift").path)
            let hasSources = manager.fileExists(atPath: folder.appendingPathComponent("Sources").path)
            if hasManifest && hasSources { return folder }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// Whether the manifest in `folder` declares the `Regularize` package.
    static func isRegularize(_ folder: URL) -> Bool {
        let manifest = folder.appendingPathComponent("Package.swift")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else { return false }
        return text.contains("name: \"Regularize\"")
    }
}
