import Foundation
import Testing
@testable import Grader

/// Two graders on one machine (two `grade` commands, a test run beside a class) must not share a
/// sandbox user: without namespaces, each one's clean-up kills every process of its user. A
/// `SandboxUserLeases` table stands for one grader process (locks are per open file, so two tables
/// in one process exclude each other as two processes would). The uids here, 62100 and up, lie
/// outside the range the hostile-submission tests watch for leftovers.
@Suite("Sandbox users are leased: no two graders share one")
struct SandboxUserLeaseTests {
    static let userIDs: Range<UInt32> = 62100..<62110

    func leaseFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("grader-leases-\(UUID().uuidString)")
    }

    /// Runs `body` with the lease tables of two graders on one machine (one lease folder).
    func withTwoGraders(_ body: (_ first: SandboxUserLeases, _ second: SandboxUserLeases) throws -> Void) rethrows {
        let folder = leaseFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = SandboxUserLeases(folder: folder, userIDs: Self.userIDs)
        let second = SandboxUserLeases(folder: folder, userIDs: Self.userIDs)
        try body(first, second)
        withExtendedLifetime((first, second)) {}
    }

    @Test("two graders get different users for the same slot; a grader keeps its user for a slot")
    func distinctUsers() throws {
        try withTwoGraders { first, second in
            let firstSlot0 = try #require(first.userID(slot: 0))
            let firstSlot1 = try #require(first.userID(slot: 1))
            let secondSlot0 = try #require(second.userID(slot: 0))
            #expect(first.userID(slot: 0) == firstSlot0)
            #expect(Set([firstSlot0, firstSlot1, secondSlot0]).count == 3)
            #expect([firstSlot0, firstSlot1, secondSlot0].allSatisfy(Self.userIDs.contains))
        }
    }

    @Test("a user another process holds is skipped; once that process ends, the user is free",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/flock")))
    func otherProcessHoldsALease() throws {
        let folder = leaseFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let lockFile = folder.appendingPathComponent("uid-\(Self.userIDs.lowerBound)").path
        // Another grader: `flock` holds the first uid's lock while `head` waits for its input.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [lockFile, "/usr/bin/head", "-c", "1"]
        let input = Pipe()
        holder.standardInput = input
        try holder.run()
        defer { if holder.isRunning { holder.terminate() } }
        #expect(try waitUntilLocked(lockFile, seconds: 10), "flock did not take \(lockFile)")

        let leases = SandboxUserLeases(folder: folder, userIDs: Self.userIDs.lowerBound..<(Self.userIDs.lowerBound + 2))
        #expect(leases.userID(slot: 0) == Self.userIDs.lowerBound + 1)
        #expect(leases.userID(slot: 1) == nil, "both uids are held")

        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(leases.userID(slot: 1) == Self.userIDs.lowerBound)
    }

    @Test("one grader's clean-up leaves another grader's sandbox processes running",
          .enabled(if: geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func cleanUpSparesOtherGraders() throws {
        try withTwoGraders { mineLeases, theirLeases in
            // Both grade slot 0 without namespaces, each with the user its own lease table gives it.
            let mineUser = try #require(mineLeases.userID(slot: 0))
            let theirUser = try #require(theirLeases.userID(slot: 0))
            try #require(mineUser != theirUser && Self.userIDs.contains(mineUser) && Self.userIDs.contains(theirUser))
            let mine = Sandbox(isolation: .unprivilegedUser, userID: mineUser, runtimeFolders: [])
            let theirs = Sandbox(isolation: .unprivilegedUser, userID: theirUser, runtimeFolders: [])

            // The other grader's check, running as its sandbox user.
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            child.arguments = ["--reuid=\(theirs.userID)", "--regid=\(theirs.userID)", "--clear-groups", "--", "/usr/bin/sleep", "30"]
            try child.run()
            defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }
            let end = Date().addingTimeInterval(10)
            while theirs.processes() != [child.processIdentifier] && Date() < end { usleep(10_000) }
            #expect(theirs.processes() == [child.processIdentifier])

            mine.cleanUp()
            mine.waitUntilEmpty(seconds: 0.5)
            usleep(100_000)
            #expect(child.isRunning, "my clean-up killed the other grader's process")

            theirs.cleanUp()
            child.waitUntilExit()
            #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGKILL)
        }
    }

    @Test("clean-up never kills as root or as the grader's own user (a sandbox forced to the user level without a user)")
    func cleanUpRefusesUnconfinedUsers() {
        #expect(!Sandbox(isolation: .unprivilegedUser, userID: 0, runtimeFolders: []).killsOnCleanUp)
        #expect(!Sandbox(isolation: .unprivilegedUser, userID: getuid(), runtimeFolders: []).killsOnCleanUp)
        #expect(!Sandbox(isolation: .namespaces, userID: Self.userIDs.lowerBound, runtimeFolders: []).killsOnCleanUp)
        #expect(Sandbox(isolation: .unprivilegedUser, userID: Self.userIDs.lowerBound, runtimeFolders: []).killsOnCleanUp)
    }

    /// Whether another process holds an exclusive lock on `path` within `seconds`. (A probe that
    /// gets the lock itself lets it go at once, so the other process can take it.)
    func waitUntilLocked(_ path: String, seconds: Double) throws -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            if descriptor >= 0 {
                let free = flock(descriptor, LOCK_EX | LOCK_NB) == 0
                close(descriptor)
                if !free { return true }
            }
            usleep(10_000)
        }
        return false
    }

    @Test("a level forced where detection found none leases a sandbox user: the child never runs as the grader")
    func forcedLevelDropsPrivileges() throws {
        let folder = leaseFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let leases = SandboxUserLeases(folder: folder, userIDs: Self.userIDs)
        let detectedNone = Sandbox(isolation: .none, userID: getuid(), runtimeFolders: [])
        for level in [Sandbox.Isolation.unprivilegedUser, .namespaces] {
            let forced = detectedNone.forced(to: level, slot: 3, leases: leases)
            #expect(forced.isolation == level)
            #expect(forced.userID != getuid() && forced.userID != 0 && Self.userIDs.contains(forced.userID),
                    "forced \(level) runs as uid \(forced.userID)")
        }
        // Forcing no isolation keeps the grader's user (only rlimits: nothing to drop to).
        #expect(detectedNone.forced(to: .none, slot: 3, leases: leases).userID == getuid())
        // A detected sandbox user is kept when the level is forced.
        let detected = Sandbox(isolation: .namespaces, userID: 61_005, runtimeFolders: [])
        #expect(detected.forced(to: .unprivilegedUser, slot: 3, leases: leases).userID == 61_005)
        withExtendedLifetime(leases) {}
    }

    @Test("a grader running as root refuses to grade with no sandbox; a sandbox user, or a grader that is not root, may")
    func noSandboxAsRoot() throws {
        let none = Sandbox(isolation: .none, userID: 0, runtimeFolders: [])
        #expect(throws: GraderError.noSandboxAsRoot) { try none.requireFitForUntrustedCode(graderUserID: 0) }
        #expect(GraderError.noSandboxAsRoot.description.contains("setpriv"))
        try none.requireFitForUntrustedCode(graderUserID: 1000)
        try Sandbox(isolation: .unprivilegedUser, userID: 61_005, runtimeFolders: []).requireFitForUntrustedCode(graderUserID: 0)
        try Sandbox(isolation: .namespaces, userID: 61_005, runtimeFolders: []).requireFitForUntrustedCode(graderUserID: 0)
    }
}
