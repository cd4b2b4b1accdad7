import ExerciseTypes
import ExerciseWire
import Foundation

/// How the student's process ended a check early.
public struct StudentProcessFailure: Error, Sendable, CustomStringConvertible {
    public var status: CheckStatus
    public var message: String
    public var description: String { message }
}

/// An error the student's function threw (its description, capped).
public struct StudentThrew: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// One sandboxed `exercise-runner` process, for one check: the grader sends it calls and reads the
/// student's results back. It is started on the first call and killed by `finish()`.
///
/// Everything that comes back is data: numbers, or the text of an error the student threw. Whether
/// they are right is decided by the check, in the grader's process.
public final class StudentProcess: @unchecked Sendable {
    public let runner: URL
    public let sandbox: Sandbox
    /// `monotonicSeconds()` after which the check has timed out.
    public let deadline: Double
    let limit: Double
    private var process: Process?
    private var channel: WireChannel?
    private var toChild: Pipe?
    private var fromChild: Pipe?
    private var errorFile: URL?
    private var scratch: URL?
    /// Set once the process has died, timed out or misbehaved; every later call throws it.
    public private(set) var failure: StudentProcessFailure?
    /// The number of calls answered.
    public private(set) var calls = 0

    public init(runner: URL, sandbox: Sandbox, timeLimit: Double) {
        self.runner = runner
        self.sandbox = sandbox
        limit = timeLimit
        deadline = monotonicSeconds() + timeLimit
    }

    deinit { finish() }

    /// Runs `function` on `arguments` in the student's process and returns its results.
    public func call(_ function: WireFunction, _ arguments: [WireValue]) throws -> [WireValue] {
        if let failure { throw failure }
        if process == nil { try start() }
        guard let channel else { throw fail(.crashed, "the student's process is not running") }
        do {
            try channel.send(WireCodec.encode(WireCall(function, arguments)))
            let frame = try channel.receive(deadline: deadline)
            let reply: WireReply
            do { reply = try WireCodec.decodeReply(frame) } catch {
                throw fail(.crashed, "the process running your code sent a malformed answer (\(error)); did your code write to file descriptor 1 or 11?")
            }
            calls += 1
            switch reply {
            case .values(let values): return values
            case .notAttempted: throw ExerciseError.notAttempted
            case .threw(let message): throw StudentThrew(message: Feedback.cap(message, 600))
            }
        } catch let failure as WireChannel.Failure {
            switch failure {
            case .timedOut:
                throw fail(.timedOut, "timed out after \(formatted(limit)) s (an endless loop, or far too slow)")
            case .tooLong(let bytes):
                throw fail(
                    .crashed,
                    "the process running your code sent \(bytes) bytes as one answer: it wrote something that is not an "
                        + "answer to the grader's channel (to a file descriptor it did not open?), or returned far too much")
            case .closed:
                throw fail(.crashed, describeEnd(during: function))
            }
        }
    }

    /// Starts the sandboxed runner.
    private func start() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("grade-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        self.scratch = scratch
        let errorFile = scratch.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        self.errorFile = errorFile

        let (executable, arguments) = sandbox.command(running: runner.path, cpuSeconds: Int(limit.rounded(.up)) + 1)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = Sandbox.environment
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let toChild = Pipe()
        let fromChild = Pipe()
        process.standardInput = toChild
        process.standardOutput = fromChild
        process.standardError = try FileHandle(forWritingTo: errorFile)
        do { try process.run() } catch {
            throw fail(.crashed, "could not start the sandbox (\(executable.path)): \(error)")
        }
        self.process = process
        self.toChild = toChild
        self.fromChild = fromChild
        channel = WireChannel(input: fromChild.fileHandleForReading.fileDescriptor, output: toChild.fileHandleForWriting.fileDescriptor)
    }

    @discardableResult
    private func fail(_ status: CheckStatus, _ message: String) -> StudentProcessFailure {
        let failure = StudentProcessFailure(status: status, message: message)
        if self.failure == nil { self.failure = failure }
        kill()
        return self.failure ?? failure
    }

    /// Why the process stopped answering: the runtime's fatal error, a signal, or an exit.
    private func describeEnd(during function: WireFunction) -> String {
        guard let process else { return "the student's process is not running" }
        let end = monotonicSeconds() + 2
        while process.isRunning && monotonicSeconds() < end { usleep(1000) }
        if process.isRunning { kill() }
        process.waitUntilExit()
        let standardError = readStandardError()
        if let errorFile, let size = (try? FileManager.default.attributesOfItem(atPath: errorFile.path))?[.size] as? Int,
            size >= Sandbox.fileSizeBytes
        {
            return "your function wrote more than \(Sandbox.fileSizeBytes >> 20) MiB of output (the limit) while running "
                + "\(function.rawValue), and was stopped; " + ProcessEnd.describe(
                    standardError: "", status: process.terminationStatus,
                    signalled: process.terminationReason == .uncaughtSignal)
        }
        return ProcessEnd.describe(
            standardError: standardError, status: process.terminationStatus,
            signalled: process.terminationReason == .uncaughtSignal, function: function.rawValue)
    }

    func readStandardError() -> String {
        guard let errorFile, let handle = try? FileHandle(forReadingFrom: errorFile) else { return "" }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: 64 << 10)) ?? Data()
        return String(decoding: data ?? Data(), as: UTF8.self)
    }

    private func kill() {
        guard let process, process.isRunning else { return }
        let pid = process.processIdentifier
        Glibc.kill(-pid, SIGKILL)
        Glibc.kill(pid, SIGKILL)
    }

    /// Ends the process (closing its input ends it; a process that lingers is killed) and removes
    /// every trace of it; with no namespaces, every process of the sandbox user is killed too.
    public func finish() {
        if let process {
            try? toChild?.fileHandleForWriting.close()
            let end = monotonicSeconds() + 0.2
            while process.isRunning && monotonicSeconds() < end { usleep(500) }
            kill()
            process.waitUntilExit()
            self.process = nil
            sandbox.cleanUp()
        }
        try? fromChild?.fileHandleForReading.close()
        toChild = nil
        fromChild = nil
        channel = nil
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
        scratch = nil
    }
}

/// Turns how a process ended into a sentence for the student.
public enum ProcessEnd {
    static let signalNames: [Int32: String] = [
        SIGILL: "SIGILL (a Swift runtime trap: an arithmetic overflow, a force-unwrapped nil, a failed precondition)",
        SIGTRAP: "SIGTRAP (a Swift runtime trap)", SIGSEGV: "SIGSEGV (e.g. a stack overflow from endless recursion)",
        SIGABRT: "SIGABRT (abort)", SIGKILL: "SIGKILL (e.g. out of memory, or too many processes)", SIGBUS: "SIGBUS",
        SIGXCPU: "SIGXCPU (CPU time limit)", SIGXFSZ: "SIGXFSZ (wrote a file larger than 16 MiB)", SIGFPE: "SIGFPE",
        SIGTERM: "SIGTERM", SIGPIPE: "SIGPIPE", SIGSYS: "SIGSYS (a forbidden system call)",
    ]

    /// "crashed: Fatal error: Index out of range", "killed by SIGKILL (…)", "your function ended the
    /// process with exit(0) during …".
    public static func describe(standardError: String, status: Int32, signalled: Bool, function: String? = nil) -> String {
        let lines = standardError.split(separator: "\n").map(String.init)
        if let fatal = lines.first(where: { $0.contains("Fatal error") || $0.contains("Precondition failed") || $0.contains("Assertion failed") }) {
            return Feedback.cap(fatal.trimmingCharacters(in: .whitespaces), 400)
        }
        let during = function.map { " while running \($0)" } ?? ""
        if signalled {
            return "killed by \(signalNames[status] ?? "signal \(status)")\(during)"
        }
        // bwrap and prlimit report a child killed by a signal as status 128 + signal.
        if status > 128, let name = signalNames[status - 128] {
            return "killed by \(name)\(during)"
        }
        if status == 0 {
            return "your function ended the process with exit(0)\(during), before returning a result; "
                + "a check counts only the values your functions return"
        }
        let tail = lines.suffix(3).joined(separator: " | ")
        return "your function ended the process with exit(\(status))\(during), before returning a result"
            + (tail.isEmpty ? "" : "; its last output: " + Feedback.cap(tail, 400))
    }
}
