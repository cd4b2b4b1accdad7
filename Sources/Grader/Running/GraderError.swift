/// Errors from the grading tools (bad flags, missing folders, builds that fail).
public enum GraderError: Error, CustomStringConvertible, Equatable {
    case unknownCheck(String)
    case missingFolder(String, role: String)
    case noSwiftFiles(String)
    case packageNotFound(String)
    case buildFailed(String, output: String)
    case cannotWrite(String, reason: String)
    /// Grading students' code as root with no way to drop privileges.
    case noSandboxAsRoot

    public var description: String {
        switch self {
        case .unknownCheck(let id):
            "unknown check \"\(id)\": run `swift run grade --list` for the check names"
        case .missingFolder(let path, let role):
            "\(role) \(path) does not exist or is not a folder: pass a folder of Swift files like Sources/Student/"
        case .noSwiftFiles(let path):
            "submission \(path) has no .swift files: hand in the files of Sources/Student/ (e.g. Dropout.swift)"
        case .packageNotFound(let path):
            "no Package.swift in \(path) or above it: run the command inside the Regularize package or pass --package"
        case .buildFailed(let what, let output):
            "building \(what) failed:\n\(output)"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)"
        case .noSandboxAsRoot:
            "refusing to grade: this grader runs as root with no sandbox (GRADER_SANDBOX=none, or no /usr/bin/setpriv), "
                + "so students' code would run as root with only resource limits; install util-linux's setpriv and "
                + "bubblewrap (bash scripts/setup.sh does), leave GRADER_SANDBOX unset, or run grade as an unprivileged user"
        }
    }
}
