import Foundation

/// The sandbox user ids this grader process holds, one per grading slot, leased machine-wide so
/// that no other grader on the machine (another `grade` command, a test run) uses the same one.
///
/// Without namespaces, `Sandbox.cleanUp` kills every process of its sandbox user (`kill -1` as
/// that user), because a hostile child may leave its process group or session; and
/// `waitUntilEmpty` waits for that user to have no process left. Both are right only if that
/// user's processes are this grader's own children. With a fixed uid per slot (61000 + slot), two
/// graders grading at once both ran slot 0 as uid 61000: each one's clean-up could kill the
/// other's running check (a wrong "killed by SIGKILL" for that student), and each waited for the
/// other's children to end.
///
/// A lease is an exclusive `flock` on `<folder>/uid-<N>`, taken without waiting, on the first uid
/// of `userIDs` that this process has not leased and no other process holds. The descriptor stays
/// open (close-on-exec, so no child inherits it) until the process exits; the kernel then drops
/// the lock, even after a crash, and the uid is free again. Stray processes of a crashed grader's
/// uid are then killed by the next grader that leases it, which is what they deserve.
public final class SandboxUserLeases: @unchecked Sendable {
    /// The leases of this process, in `/run/lock/regularize-grader` (only root may create it,
    /// and only root can grade as other users).
    public static let shared = SandboxUserLeases(folder: URL(fileURLWithPath: "/run/lock/regularize-grader"))

    /// Sandbox users are 61000 … 61998; 61999 is the isolation probe's (it runs `/usr/bin/true`).
    public static let standardUserIDs: Range<UInt32> = 61000..<61999

    let folder: URL
    let userIDs: Range<UInt32>
    private let lock = NSLock()
    /// Slot → leased uid.
    private var leased: [Int: UInt32] = [:]
    /// The open, locked lock files.
    private var descriptors: [Int32] = []

    public init(folder: URL, userIDs: Range<UInt32> = SandboxUserLeases.standardUserIDs) {
        self.folder = folder
        self.userIDs = userIDs
    }

    /// Gives the leases back (the shared one lives as long as the process).
    deinit {
        for descriptor in descriptors { close(descriptor) }
    }

    /// The sandbox user of `slot`: the uid this process leased for it, else a new lease; nil when
    /// no lease can be taken (the folder cannot be made, or every uid is held).
    public func userID(slot: Int) -> UInt32? {
        lock.lock()
        defer { lock.unlock() }
        if let uid = leased[slot] { return uid }
        guard (try? FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil
        else { return nil }
        let taken = Set(leased.values)
        for uid in userIDs where !taken.contains(uid) {
            let path = folder.appendingPathComponent("uid-\(uid)").path
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard descriptor >= 0 else { continue }
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
                leased[slot] = uid
                descriptors.append(descriptor)
                return uid
            }
            close(descriptor)
        }
        return nil
    }
}
