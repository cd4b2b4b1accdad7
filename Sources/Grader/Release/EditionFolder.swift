import Foundation

/// The folder a student edition is written to, and what may be deleted in it.
///
/// `release-student` writes into a folder that is empty, or that holds an earlier edition it wrote
/// (recognised by its manifest, `.student-edition`, which lists every file that edition wrote). It
/// refuses the package itself, any folder inside it (except below a `.build` folder), and any
/// folder that contains the package. When it replaces an earlier edition it deletes only files that
/// edition's manifest lists; anything else in the folder is left alone.
public enum EditionFolder {
    /// The manifest an edition writes at its root: one relative path a line.
    public static let manifestName = ".student-edition"

    /// Throws unless `destination` may receive an edition of the package at `packageRoot`; returns
    /// the files an earlier edition wrote there (empty for a new or empty folder).
    public static func previousEdition(at destination: URL, packageRoot: URL) throws -> [String] {
        let destinationPath = resolved(destination)
        let packagePath = resolved(packageRoot)
        if destinationPath == packagePath {
            throw GraderError.cannotWrite(
                destination.path, reason: "that is the instructor package itself; pass a new folder outside it, e.g. --output ../regularize-student")
        }
        if packagePath.hasPrefix(destinationPath == "/" ? "/" : destinationPath + "/") {
            throw GraderError.cannotWrite(
                destination.path, reason: "it contains the instructor package \(packagePath); pass a new folder outside it, e.g. --output ../regularize-student")
        }
        if destinationPath.hasPrefix(packagePath + "/") && !destinationPath.dropFirst(packagePath.count).contains("/.build") {
            throw GraderError.cannotWrite(
                destination.path, reason: "it is inside the instructor package; pass a folder outside it (or below its .build folder)")
        }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: destination.path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else {
            throw GraderError.cannotWrite(destination.path, reason: "it is a file, not a folder; pass a new folder")
        }
        let entries = try manager.contentsOfDirectory(atPath: destination.path)
        if entries.isEmpty { return [] }
        let manifest = destination.appendingPathComponent(manifestName)
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else {
            throw GraderError.cannotWrite(
                destination.path,
                reason: "the folder is not empty and holds no earlier student edition (no \(manifestName) file); "
                    + "nothing was written: pass a new or empty folder")
        }
        return text.split(separator: "\n").map(String.init).filter { isSafeRelativePath($0) }
    }

    /// Writes `contents` into `destination`: rewrites files whose bytes changed, deletes the files
    /// of `previous` that the new edition no longer has (and nothing else), then the manifest.
    public static func write(_ contents: [String: Data], previous: [String], into destination: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: destination, withIntermediateDirectories: true)
        for relative in previous where contents[relative] == nil {
            let url = destination.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                try manager.removeItem(at: url)
            }
        }
        for (relative, data) in contents {
            let url = destination.appendingPathComponent(relative)
            if let current = try? Data(contentsOf: url), current == data { continue }
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        let manifest = contents.keys.sorted().joined(separator: "\n") + "\n"
        try writeAtomically(manifest, to: destination.appendingPathComponent(manifestName))
    }

    /// A path of the manifest that stays inside the edition folder.
    static func isSafeRelativePath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }

    /// The absolute path with symbolic links and `.`/`..` resolved (as far as the path exists).
    static func resolved(_ url: URL) -> String {
        let absolute = url.standardizedFileURL
        var existing = absolute
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing = existing.deletingLastPathComponent()
        }
        var path = existing.resolvingSymlinksInPath().path
        for component in rest { path += (path.hasSuffix("/") ? "" : "/") + component }
        return path
    }
}
