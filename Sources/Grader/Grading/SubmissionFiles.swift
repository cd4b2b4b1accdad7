import Foundation

/// The `.swift` files of a handed-in folder, wherever they sit in it.
///
/// Uploads come as the `Sources/Student/` folder, a zip of the whole package, a GitHub repository,
/// or loose files: every `.swift` file at any depth counts, by its file name. Skipped, each with a
/// note for the report: `__MACOSX` folders and hidden files or folders (`.build`, `._Dropout.swift`),
/// `Package.swift`, `ExerciseError.swift` (always the package's), files over 1 MB, and a second
/// file with the same name (the shallowest one wins, then the first in path order).
public struct SubmissionFiles: Sendable {
    /// File name → contents.
    public var files: [String: Data]
    /// What was skipped and why, one sentence each.
    public var notes: [String]

    public static let maximumFileSize = 1 << 20

    public static func collect(from folder: URL) throws -> SubmissionFiles {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GraderError.missingFolder(folder.path, role: "submission")
        }
        let root = folder.standardizedFileURL.resolvingSymlinksInPath().path
        var candidates: [(relative: String, url: URL)] = []
        var notes: [String] = []
        if let enumerator = manager.enumerator(at: folder, includingPropertiesForKeys: [.isDirectoryKey, .isSymbolicLinkKey]) {
            for case let url as URL in enumerator {
                let name = url.lastPathComponent
                let values = try? url.resourceValues(forKeys: [.isDirectoryKey, .isSymbolicLinkKey])
                let relative = relativePath(url, root: root)
                if name == "__MACOSX" || name.hasPrefix(".") {
                    if values?.isDirectory == true { enumerator.skipDescendants() }
                    if name.hasSuffix(".swift") || values?.isDirectory == true && name != ".git" && name != ".build" {
                        notes.append("ignored \(relative) (hidden or macOS metadata)")
                    }
                    continue
                }
                if values?.isSymbolicLink == true {
                    if name.hasSuffix(".swift") { notes.append("ignored \(relative): a symbolic link, not a file") }
                    continue
                }
                guard values?.isDirectory != true, name.hasSuffix(".swift") else { continue }
                candidates.append((relative, url))
            }
        }
        candidates.sort { ($0.relative.split(separator: "/").count, $0.relative) < ($1.relative.split(separator: "/").count, $1.relative) }
        var files: [String: Data] = [:]
        var chosen: [String: String] = [:]
        for (relative, url) in candidates {
            let name = url.lastPathComponent
            if name == "ExerciseError.swift" || name == "Package.swift" {
                notes.append("ignored \(relative): the package's own \(name) is used")
                continue
            }
            if let first = chosen[name] {
                notes.append("ignored \(relative): a duplicate of \(first), which was graded")
                continue
            }
            let size = (try? manager.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            if size > maximumFileSize {
                notes.append("ignored \(relative): \(size) bytes, more than the 1 MB a source file may have")
                continue
            }
            files[name] = try Data(contentsOf: url)
            chosen[name] = relative
        }
        guard !files.isEmpty else { throw GraderError.noSwiftFiles(folder.path) }
        return SubmissionFiles(files: files, notes: notes)
    }

    static func relativePath(_ url: URL, root: String) -> String {
        let path = url.standardizedFileURL.resolvingSymlinksInPath().path
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : url.lastPathComponent
    }
}
