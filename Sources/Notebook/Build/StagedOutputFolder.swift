import Foundation

/// A lesson's output folder written whole or not at all.
///
/// A run writes into a staging folder beside the destination (same parent, so same file system),
/// and `commit()` swaps it in with two renames: the old folder is moved aside, the new one takes
/// its name, then the old one is deleted. An interrupted run leaves the old complete folder (and a
/// stale staging folder, removed by the next run); it never leaves a mix of old and new files.
///
/// Only files this tool wrote are ever deleted. Each folder it writes holds a manifest,
/// `.regularize-output`, listing its files; anything else found in the destination (a student's
/// notes, say) is moved into the new folder and kept. A folder written before manifests existed
/// is read by name: `<lesson>.pdf`, `results.json`, `figures/*.png|pdf|svg` and temporary files
/// (the site: its top-level pages and `assets/`).
struct StagedOutputFolder {
    /// The manifest's file name; its presence marks a folder (or staging folder) as ours.
    static let manifestName = ".regularize-output"
    /// The name under which the course's site (`output/site/`) is staged.
    static let siteName = "site"

    /// `output/<lesson>`.
    let destination: URL
    /// `output/.<lesson>.staging-<pid>-<id>`, where this run writes.
    let staging: URL
    let lesson: String

    /// Removes stale staging folders of earlier interrupted runs, then creates a fresh one.
    init(destination: URL, lesson: String) throws {
        self.destination = destination.standardizedFileURL
        self.lesson = lesson
        let parent = self.destination.deletingLastPathComponent()
        let name = self.destination.lastPathComponent
        let unique = "\(getpid())-\(UUID().uuidString.prefix(8))"
        self.staging = parent.appendingPathComponent(".\(name).staging-\(unique)")
        Self.removeStaleFolders(in: parent, name: name)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try Data().write(to: staging.appendingPathComponent(Self.manifestName))
    }

    /// Swaps the staging folder in as the destination, keeping any file of the old destination
    /// that this tool did not write.
    func commit() throws {
        let files = Self.files(in: staging).filter { $0 != Self.manifestName }
        try Data((files.joined(separator: "\n") + "\n").utf8).write(to: staging.appendingPathComponent(Self.manifestName))
        let manager = FileManager.default
        guard manager.fileExists(atPath: destination.path) else {
            try Self.move(staging, to: destination)
            return
        }
        // The user's files in the old folder: none may share a name with a file of the new run.
        let ours = Self.ourFiles(in: destination, lesson: lesson)
        let theirs = Self.files(in: destination).filter { !ours.contains($0) }
        if let clash = theirs.first(where: { manager.fileExists(atPath: staging.appendingPathComponent($0).path) }) {
            throw StagedOutputError(
                folder: destination.path,
                problem: "it holds \(clash), which this tool did not write and which the new run also writes; "
                    + "move it elsewhere and run again (the folder was not changed)")
        }
        // The swap: two renames. Then the user's files move from the old folder into the new
        // one, and what is left of the old folder (only our files) is deleted. An interruption
        // after the swap leaves the user's files in the set-aside folder, which the next run
        // empties of our files only.
        let aside = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).old-\(getpid())-\(UUID().uuidString.prefix(8))")
        try Self.move(destination, to: aside)
        try Self.move(staging, to: destination)
        for file in theirs {
            let target = destination.appendingPathComponent(file)
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Self.move(aside.appendingPathComponent(file), to: target)
        }
        Self.removeOurFiles(in: aside, lesson: lesson)
    }

    /// Deletes the staging folder (after a failed run); the destination is untouched.
    func discard() {
        try? FileManager.default.removeItem(at: staging)
    }

    // MARK: - Which files are ours

    /// The files of `folder` this tool wrote: those its manifest lists, or (no manifest) those
    /// named as it names them.
    static func ourFiles(in folder: URL, lesson: String) -> Set<String> {
        let all = files(in: folder)
        let manifest = folder.appendingPathComponent(manifestName)
        if let text = try? String(contentsOf: manifest, encoding: .utf8) {
            let listed = Set(text.split(separator: "\n").map(String.init))
            return Set(all.filter { listed.contains($0) || $0 == manifestName || isTemporary($0) })
        }
        if lesson == siteName {
            // The course site before manifests: its pages and its assets folder.
            return Set(all.filter { file in
                isTemporary(file) || file.hasPrefix("assets/") || (!file.contains("/") && file.hasSuffix(".html"))
            })
        }
        return Set(all.filter { file in
            file == "\(lesson).pdf" || file == "results.json" || isTemporary(file)
                || (file.hasPrefix("figures/") && !file.dropFirst(8).contains("/")
                    && ["png", "pdf", "svg"].contains((file as NSString).pathExtension))
        })
    }

    /// The temporary files of `AtomicFile` (`.x.tmp-…`) and of the PDF writer (`.x.pdf.….partial`).
    static func isTemporary(_ file: String) -> Bool {
        let name = (file as NSString).lastPathComponent
        return name.hasPrefix(".") && (name.contains(".tmp-") || name.hasSuffix(".partial"))
    }

    /// Removes the files of `folder` that are ours, then the folders left empty; if the user's
    /// files remain, the folder stays (and is named on standard error).
    static func removeOurFiles(in folder: URL, lesson: String) {
        let manager = FileManager.default
        for file in ourFiles(in: folder, lesson: lesson).sorted(by: { $0 != manifestName && $1 == manifestName }) {
            try? manager.removeItem(at: folder.appendingPathComponent(file))
        }
        removeEmptyFolders(in: folder)
        if manager.fileExists(atPath: folder.path) {
            FileHandle.standardError.write(Data(
                "note: \(folder.path) holds files this tool did not write; it was left in place\n".utf8))
        }
    }

    /// Staging and set-aside folders of earlier runs that did not finish (their process is gone),
    /// identified by their name and by our manifest inside; stale temporary files in `parent`.
    static func removeStaleFolders(in parent: URL, name: String) {
        let manager = FileManager.default
        guard let entries = try? manager.contentsOfDirectory(atPath: parent.path) else { return }
        for entry in entries {
            let url = parent.appendingPathComponent(entry)
            if isTemporary(entry), let pid = processID(inTemporaryName: entry), !isRunning(pid) {
                try? manager.removeItem(at: url)
                continue
            }
            for kind in ["staging", "old"] where entry.hasPrefix(".\(name).\(kind)-") {
                let pidText = entry.dropFirst(".\(name).\(kind)-".count).prefix { $0.isNumber }
                guard let pid = Int32(pidText), !isRunning(pid),
                      manager.fileExists(atPath: url.appendingPathComponent(manifestName).path)
                else { continue }
                if kind == "staging" {
                    // Never swapped in: everything in it was written by that run.
                    try? manager.removeItem(at: url)
                } else {
                    removeOurFiles(in: url, lesson: name)
                }
            }
        }
    }

    // MARK: - File system helpers

    /// Every regular file below `folder`, as paths relative to it, sorted.
    static func files(in folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var result: [String] = []
        for case let path as String in enumerator {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder),
               !isFolder.boolValue {
                result.append(path)
            }
        }
        return result.sorted()
    }

    static func removeEmptyFolders(in folder: URL) {
        let manager = FileManager.default
        let subfolders = (manager.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .filter { path in
                var isFolder: ObjCBool = false
                return manager.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder)
                    && isFolder.boolValue
            }
            .sorted { $0.count > $1.count }
        for subfolder in subfolders { rmdir(folder.appendingPathComponent(subfolder).path) }
        rmdir(folder.path)
    }

    /// `rename(2)`: atomic within one file system (the staging folder is the destination's sibling).
    static func move(_ source: URL, to target: URL) throws {
        guard rename(source.path, target.path) == 0 else {
            throw StagedOutputError(
                folder: target.path,
                problem: "cannot move \(source.lastPathComponent) there (\(String(cString: strerror(errno))))")
        }
    }

    /// The process id in `.x.tmp-<pid>-…` (AtomicFile's temporary names).
    static func processID(inTemporaryName name: String) -> Int32? {
        guard let range = name.range(of: ".tmp-") else { return nil }
        return Int32(name[range.upperBound...].prefix { $0.isNumber })
    }

    static func isRunning(_ pid: Int32) -> Bool {
        pid == getpid() || kill(pid, 0) == 0 || errno == EPERM
    }
}

/// An output folder that could not be replaced.
struct StagedOutputError: Error, CustomStringConvertible {
    var folder: String
    var problem: String
    var description: String { "cannot update the output folder \(folder): \(problem)" }
}
