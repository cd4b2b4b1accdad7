import Foundation

/// Checks, before any experiment runs, that the output folder can be written: a bad `--output`
/// must fail in the first second, not after minutes of training.
///
/// The folder may exist (then it must be a folder we can write in) or not (then it is created,
/// with its missing parents). The check writes and removes one empty probe file, which also
/// catches read-only file systems, where permission bits say nothing.
public enum OutputFolderCheck {
    /// Creates `folder` if needed and proves it writable; throws `OutputFolderError` otherwise.
    public static func check(_ folder: URL) throws {
        let path = folder.standardizedFileURL.path
        // The nearest part of the path that exists must be a folder.
        var existing = URL(fileURLWithPath: path)
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            existing.deleteLastPathComponent()
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: existing.path, isDirectory: &isFolder), !isFolder.boolValue {
            let what = existing.path == path ? "it is a file, not a folder" : "\(existing.path) is a file, not a folder"
            throw OutputFolderError(folder: path, problem: what)
        }
        if mkdirWithParents(path) != 0 {
            throw OutputFolderError(folder: path, problem: "it cannot be created (\(String(cString: strerror(errno))))")
        }
        // One name per check, not per process: lessons built side by side check the same folder
        // at the same moment, and O_EXCL must not make one of them fail on the other's probe.
        let probe = path + "/.regularize-write-test-\(getpid())-\(UUID().uuidString)"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw OutputFolderError(folder: path, problem: "it is not writable (\(String(cString: strerror(errno))))")
        }
        close(descriptor)
        unlink(probe)
    }

    /// `mkdir -p`: 0 on success (also when the folder exists), −1 with `errno` set otherwise.
    private static func mkdirWithParents(_ path: String) -> Int32 {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { return 0 }
            errno = ENOTDIR
            return -1
        }
        let parent = (path as NSString).deletingLastPathComponent
        if parent != path, !parent.isEmpty, mkdirWithParents(parent) != 0 { return -1 }
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return 0 }
        return -1
    }
}

/// An output folder that cannot be used, in one sentence with the fix.
public struct OutputFolderError: Error, CustomStringConvertible {
    public var folder: String
    public var problem: String

    public var description: String {
        "cannot write the output folder \(folder): \(problem); choose another folder with --output"
    }
}
