import Foundation

/// Runs each check in a child process with a time limit, so that student code that traps
/// (fatalError, index out of range, overflow), loops forever or exhausts memory costs only that
/// check.
///
/// The child is this program again, started as `<executable> --run-check ID --result-file PATH`
/// (see `runChildCheck`); it writes its `CheckResult` as JSON to PATH. If the child dies or is
/// killed before writing it, the result says what happened, with the runtime's "Fatal error"
/// message when there is one.
public struct IsolatedCheckRunner: Sendable {
    /// The program to start (normally this one: `/proc/self/exe`).
    public var executable: URL
    /// Multiplies every check's time limit (a slow machine, a debug build).
    public var timeScale: Double

    public init(executable: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath(), timeScale: Double = 1) {
        self.executable = executable
        self.timeScale = timeScale
    }

    public func run(_ check: Check) -> CheckResult {
        let start = Date()
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("grade-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let resultFile = scratch.appendingPathComponent("result.json")
        let errorFile = scratch.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)

        let process = Process()
        process.executableURL = executable
        process.arguments = ["--run-check", check.id, "--result-file", resultFile.path]
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"  // a crash report in milliseconds, not seconds
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try? FileHandle(forWritingTo: errorFile)
        do {
            try process.run()
        } catch {
            return CheckResult(check: check, status: .crashed, message: "could not start \(executable.path): \(error)")
        }
        let limit = check.timeLimit * timeScale
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(start) > limit {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)

        if !timedOut, let data = try? Data(contentsOf: resultFile),
            var result = try? JSONDecoder().decode(CheckResult.self, from: data)
        {
            result.seconds = seconds
            return result
        }
        if timedOut {
            return CheckResult(
                check: check, status: .timedOut,
                message: "timed out after \(formatted(limit)) s (an endless loop, or far too slow)", seconds: seconds)
        }
        let standardError = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        return CheckResult(
            check: check, status: .crashed,
            message: Self.crashDescription(
                standardError: standardError, status: process.terminationStatus,
                signalled: process.terminationReason == .uncaughtSignal),
            seconds: seconds)
    }

    /// "Fatal error: Index out of range (at Swift/ContiguousArrayBuffer.swift:690)" from the runtime's
    /// message, or the signal that ended the process.
    static func crashDescription(standardError: String, status: Int32, signalled: Bool) -> String {
        let lines = standardError.split(separator: "\n").map(String.init)
        if let fatal = lines.first(where: { $0.contains("Fatal error") || $0.contains("Precondition failed") || $0.contains("Assertion failed") }) {
            return fatal.trimmingCharacters(in: .whitespaces)
        }
        if signalled {
            let names: [Int32: String] = [
                SIGILL: "SIGILL, a Swift runtime trap such as an arithmetic overflow or a force-unwrapped nil",
                SIGTRAP: "SIGTRAP, a Swift runtime trap", SIGSEGV: "SIGSEGV, e.g. a stack overflow from endless recursion",
                SIGABRT: "SIGABRT", SIGKILL: "SIGKILL, e.g. out of memory", SIGBUS: "SIGBUS",
            ]
            return "killed by signal \(status) (\(names[status] ?? "signal \(status)"))"
        }
        let tail = lines.suffix(3).joined(separator: " | ")
        return "the check process exited with status \(status) without reporting a result" + (tail.isEmpty ? "" : ": \(tail)")
    }

    /// What a crashed check's standard error says: the runtime's "Fatal error" line, or its last lines.
    public static func describeCrash(standardError: String) -> String {
        crashDescription(standardError: standardError, status: 0, signalled: false)
            .replacingOccurrences(of: "the check process exited with status 0 without reporting a result", with: "crashed without a message")
    }

    /// The child side inside a Swift Testing exit test: sends standard error (where the runtime
    /// writes "Fatal error: …") to `errorFile`, arms an alarm that kills the process after
    /// `seconds`, then runs the check like `runChildCheck`.
    public static func runChildCheckInExitTest(id: String, resultFile: String, errorFile: String, seconds: UInt32) throws {
        let descriptor = open(errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if descriptor >= 0 { dup2(descriptor, STDERR_FILENO) }
        alarm(seconds)
        try runChildCheck(id: id, resultFile: resultFile, submission: .student)
    }

    /// The child side: runs the check `id` on `submission` in this process and writes its result to
    /// `resultFile`. Call this from `main` when the program is started with `--run-check`.
    public static func runChildCheck(id: String, resultFile: String, submission: Submission) throws {
        guard let check = CheckCatalog.check(id: id) else {
            throw GraderError.unknownCheck(id)
        }
        // A memory hog becomes a crash of this check instead of a swapping machine.
        var limit = rlimit(rlim_cur: 4 << 30, rlim_max: 4 << 30)
        setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        let result = CheckRunner.run(check, on: submission)
        try writeAtomically(try JSONEncoder().encode(result), to: URL(fileURLWithPath: resultFile))
    }
}
