import Foundation

/// How the process that runs a student's code is confined.
///
/// The runner (`exercise-runner`, built from the student's module alone) is started as
///
///     prlimit --cpu --as --fsize --nofile --nproc --core -- setpriv --reuid U --regid U --clear-groups
///         --no-new-privs -- bwrap --unshare-all --die-with-parent --new-session --cap-drop ALL
///         --ro-bind /usr … --tmpfs /tmp --ro-bind <runner> /run/exercise-runner /run/exercise-runner
///
/// - `prlimit` caps CPU seconds, address space (4 GiB), file size (16 MiB), open files (64),
///   processes and threads of the sandbox user (64) and core dumps (none);
/// - `setpriv` drops to an unprivileged user of its own (a uid from 61000 up, no home, no groups,
///   leased for the grading slot so that no other grader on the machine runs as it:
///   `SandboxUserLeases`), so the child cannot signal the grader (root or another user), another
///   grader's children, nor write their files;
/// - `bwrap` (Debian's and Ubuntu's `bubblewrap`) puts it in new user, PID, mount, network, IPC and
///   UTS namespaces: it sees only the system's `/usr`, the Swift runtime, an empty `/tmp` and its
///   own binary; no network; when the grader kills it, the kernel kills everything in its PID
///   namespace.
///
/// Where bubblewrap is missing or namespaces are not allowed (some Docker containers), isolation
/// falls back to `unprivilegedUser`: the same rlimits and user, without namespaces. The grader then
/// makes its own folders unreadable to others (`protect`) and, after every check, kills every
/// process of the sandbox user (`cleanUp`). Not running as root leaves only the rlimits (`none`);
/// a class grader running as root refuses that level (`requireFitForUntrustedCode`).
/// `GRADER_SANDBOX=bwrap|user|none` forces a level (tests use it).
public struct Sandbox: Sendable {
    public enum Isolation: String, Sendable, Codable {
        /// New namespaces with bubblewrap, as an unprivileged user.
        case namespaces
        /// An unprivileged user with rlimits, no namespaces.
        case unprivilegedUser
        /// Rlimits only (the grader does not run as root).
        case none
    }

    public var isolation: Isolation
    /// The user the child runs as (ignored for `.none`).
    public var userID: UInt32
    /// Folders the child must be able to read (the Swift runtime), bound read-only.
    public var runtimeFolders: [String]

    /// Address space, file size, open files and processes allowed to the child.
    public static let addressSpaceBytes = 4 << 30
    public static let fileSizeBytes = 16 << 20
    public static let openFiles = 64
    public static let processes = 64

    /// The best isolation available on this machine for grading slot `slot`, as a sandbox user
    /// that `leases` gives this slot and no other grader on the machine (61000 + slot, as before
    /// leases, if none can be taken).
    public static func detect(slot: Int = 0, leases: SandboxUserLeases = .shared) -> Sandbox {
        let isolation = probedIsolation
        guard isolation != .none else { return Sandbox(isolation: .none, userID: getuid(), runtimeFolders: swiftRuntimeFolders) }
        let userID = leases.userID(slot: slot) ?? UInt32(61000 + slot)
        return Sandbox(isolation: isolation, userID: userID, runtimeFolders: swiftRuntimeFolders)
    }

    /// This sandbox at a forced level (`GRADER_SANDBOX`, or a test grading at each level). A level
    /// that drops privileges never runs the child as the grader's own user: when detection found no
    /// isolation (the sandbox then keeps the grader's uid, root under the tests), a forced
    /// `unprivilegedUser` or `namespaces` level leases a sandbox user for `slot` instead, so
    /// `setpriv` really drops privileges and the clean-up never kills as the grader.
    public func forced(to level: Isolation, slot: Int, leases: SandboxUserLeases = .shared) -> Sandbox {
        var sandbox = self
        sandbox.isolation = level
        if level != .none, sandbox.userID == getuid() || sandbox.userID == 0 {
            sandbox.userID = leases.userID(slot: slot) ?? UInt32(61000 + slot)
        }
        return sandbox
    }

    /// Throws unless this sandbox is fit for untrusted code: a grader running as root must drop
    /// privileges (a sandbox user), never run a submission as root with rlimits only.
    public func requireFitForUntrustedCode(graderUserID: uid_t = geteuid()) throws {
        if isolation == .none && graderUserID == 0 { throw GraderError.noSandboxAsRoot }
    }

    static let probedIsolation: Isolation = {
        switch ProcessInfo.processInfo.environment["GRADER_SANDBOX"] {
        case "bwrap": return .namespaces
        case "user": return geteuid() == 0 ? .unprivilegedUser : .none
        case "none": return .none
        default: break
        }
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return .none }
        let probe = Sandbox(isolation: .namespaces, userID: SandboxUserLeases.standardUserIDs.upperBound, runtimeFolders: [])
        let (executable, arguments) = probe.command(running: "/usr/bin/true", cpuSeconds: 5)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if (try? process.run()) != nil {
            process.waitUntilExit()
            if process.terminationStatus == 0 { return .namespaces }
        }
        return .unprivilegedUser
    }()

    /// The folders of the Swift runtime libraries this process loaded (the runner needs the same).
    static let swiftRuntimeFolders: [String] = {
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return [] }
        var folders: Set<String> = []
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let path = String(line[slash...])
            guard path.contains("/libswiftCore.so") || path.contains("/libFoundation") || path.contains("/libdispatch") else { continue }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.hasPrefix("/usr/") && !folder.hasPrefix("/lib") { folders.insert(folder) }
        }
        return folders.sorted()
    }()

    /// The RUNPATH folders of an ELF executable (where the Swift runtime it needs lives), read
    /// with `readelf` (which parses the file and runs nothing).
    static func runPath(of executable: String) -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["readelf", "-d", executable]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [] }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var folders: [String] = []
        for line in output.split(separator: "\n") where line.contains("RUNPATH") || line.contains("RPATH") {
            guard let open = line.lastIndex(of: "["), let close = line.lastIndex(of: "]"), open < close else { continue }
            for entry in line[line.index(after: open)..<close].split(separator: ":") where entry.hasPrefix("/") {
                if FileManager.default.fileExists(atPath: String(entry)) { folders.append(String(entry)) }
            }
        }
        return folders
    }

    /// Where the runner appears inside the namespaces.
    static let insidePath = "/run/exercise-runner"

    /// The program and arguments that start `runner` confined.
    public func command(running runner: String, cpuSeconds: Int) -> (URL, [String]) {
        var arguments = [
            "--cpu=\(cpuSeconds):\(cpuSeconds)", "--as=\(Self.addressSpaceBytes):\(Self.addressSpaceBytes)",
            "--fsize=\(Self.fileSizeBytes):\(Self.fileSizeBytes)", "--nofile=\(Self.openFiles):\(Self.openFiles)",
            "--nproc=\(Self.processes):\(Self.processes)", "--core=0:0", "--",
        ]
        if isolation != .none {
            arguments += [
                "/usr/bin/setpriv", "--reuid=\(userID)", "--regid=\(userID)", "--clear-groups", "--no-new-privs",
                "--inh-caps=-all", "--",
            ]
        }
        if isolation == .namespaces {
            arguments += ["/usr/bin/bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
            arguments += ["--ro-bind", "/usr", "/usr"]
            for top in ["/lib", "/lib64", "/lib32", "/bin", "/sbin"] {
                if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: top) {
                    arguments += ["--symlink", target, top]
                } else if FileManager.default.fileExists(atPath: top) {
                    arguments += ["--ro-bind", top, top]
                }
            }
            for file in ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives"] {
                arguments += ["--ro-bind-try", file, file]
            }
            for folder in Set(runtimeFolders + Self.runPath(of: runner)).sorted() where !folder.hasPrefix("/usr/") {
                arguments += ["--ro-bind", folder, folder]
            }
            arguments += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--chdir", "/tmp"]
            if runner.hasPrefix("/usr/") {
                arguments.append(runner)
            } else {
                arguments += ["--ro-bind", runner, Self.insidePath, Self.insidePath]
            }
        } else {
            arguments.append(runner)
        }
        return (URL(fileURLWithPath: "/usr/bin/prlimit"), arguments)
    }

    /// The environment of the child: nothing of the grader's, except `GRADER_RUN`, a label the
    /// operator may give a grading run (at most 64 letters, digits, `-` and `_`; it is the same for
    /// every check), so that its processes can be told from another grader's on the same machine
    /// (the end-to-end tests look for leftovers of their own run this way).
    public static let environment = environment(grader: ProcessInfo.processInfo.environment)

    /// The child's environment for a grader whose own environment is `grader`.
    public static func environment(grader: [String: String]) -> [String: String] {
        var environment = ["PATH": "/usr/bin:/bin", "SWIFT_BACKTRACE": "enable=no", "OPENBLAS_NUM_THREADS": "1", "LANG": "C.UTF-8"]
        if let label = grader["GRADER_RUN"], (1...64).contains(label.count),
            label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        {
            environment["GRADER_RUN"] = label
        }
        return environment
    }

    /// Kills every process of the sandbox user (after a check, when there are no namespaces to do it).
    public func cleanUp() {
        guard killsOnCleanUp else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=\(userID)", "--regid=\(userID)", "--clear-groups", "--", "/bin/kill", "-KILL", "-1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if (try? process.run()) != nil { process.waitUntilExit() }
    }

    /// Whether `cleanUp` kills the sandbox user's processes: only without namespaces, and never
    /// for root or the grader's own user (a sandbox forced to `.unprivilegedUser` where detection
    /// found `.none` has that user, and `kill -1` as root would end every process on the machine).
    var killsOnCleanUp: Bool {
        isolation == .unprivilegedUser && userID != 0 && userID != getuid()
    }

    /// Waits (at most `seconds`) until no process of the sandbox user is left: a PID namespace dies
    /// with its init, but the kernel takes a moment to reap it. Without namespaces, kills them again.
    public func waitUntilEmpty(seconds: Double = 3) {
        guard isolation != .none else { return }
        let end = Date().addingTimeInterval(seconds)
        while !processes().isEmpty && Date() < end {
            cleanUp()
            usleep(20_000)
        }
    }

    /// The process ids of the sandbox user.
    public func processes() -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                let status = try? String(contentsOfFile: "/proc/\(entry)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") }),
                let uid = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().first.flatMap({ UInt32($0) }),
                uid == userID
            else { return nil }
            return pid
        }
    }

    /// Without namespaces the child sees the file system: make `folders` (the package, the output)
    /// unreadable and untraversable to other users while grading. With namespaces there is nothing
    /// to do. Returns what puts the permissions back; slots grading side by side share the count.
    public func protect(_ folders: [URL]) -> @Sendable () -> Void {
        guard isolation == .unprivilegedUser else { return {} }
        let paths = folders.map { $0.standardizedFileURL.path }
        ProtectedFolders.shared.acquire(paths)
        return { ProtectedFolders.shared.release(paths) }
    }
}

/// Folders made private while some slot grades without namespaces, with their original modes.
final class ProtectedFolders: @unchecked Sendable {
    static let shared = ProtectedFolders()
    private let lock = NSLock()
    private var holders: [String: (count: Int, mode: mode_t)] = [:]

    func acquire(_ paths: [String]) {
        lock.lock()
        defer { lock.unlock() }
        for path in paths {
            if let held = holders[path] {
                holders[path] = (held.count + 1, held.mode)
                continue
            }
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let mode = attributes[.posixPermissions] as? Int
            else { continue }
            holders[path] = (1, mode_t(mode))
            chmod(path, mode_t(mode & 0o700))
        }
    }

    func release(_ paths: [String]) {
        lock.lock()
        defer { lock.unlock() }
        for path in paths {
            guard let held = holders[path] else { continue }
            if held.count > 1 {
                holders[path] = (held.count - 1, held.mode)
            } else {
                holders[path] = nil
                chmod(path, held.mode)
            }
        }
    }
}
