import Foundation

/// Runs each check with the student's code in a sandboxed process of its own.
///
/// The check itself (its inputs, the reference, the comparison, the points) runs here, in the
/// grader; the student's functions run in `exercise-runner`, a program built from the student's
/// module alone, confined by `Sandbox` and fed over a pipe by `StudentProcess`. A crash, an endless
/// loop, an `exit`, a memory hog costs only that check; nothing the student's process writes can
/// change a verdict, because it sends numbers, not verdicts.
public struct IsolatedCheckRunner: Sendable {
    /// `exercise-runner` built with the student's module.
    public var runner: URL
    public var sandbox: Sandbox
    /// Multiplies every check's time limit (a slow machine, a debug build).
    public var timeScale: Double

    public init(runner: URL, sandbox: Sandbox = .detect(), timeScale: Double = 1) {
        self.runner = runner
        self.sandbox = sandbox
        self.timeScale = timeScale
    }

    public func run(_ check: Check) -> CheckResult {
        let start = Date()
        let student = StudentProcess(runner: runner, sandbox: sandbox, timeLimit: check.timeLimit * timeScale)
        var result = CheckRunner.run(check, on: .remote(student))
        student.finish()
        if let failure = student.failure {
            result = CheckResult(check: check, status: failure.status, message: failure.message)
        }
        result.seconds = Date().timeIntervalSince(start)
        return result
    }

    /// What a crashed check's standard error says: the runtime's "Fatal error" line, or a plain
    /// sentence (used by the students' `swift test`, whose checks run in exit tests).
    public static func describeCrash(standardError: String) -> String {
        let description = ProcessEnd.describe(standardError: standardError, status: 1, signalled: false)
        return description.hasPrefix("your function ended") ? "crashed without a message" : description
    }

    /// The child side inside a Swift Testing exit test (a student's own `swift test`, where the
    /// student's module is linked into the test): sends standard error (where the runtime writes
    /// "Fatal error: …") to `errorFile`, arms an alarm that kills the process after `seconds`,
    /// runs the check on `submission` and writes its result to `resultFile`.
    public static func runChildCheckInExitTest(
        id: String, resultFile: String, errorFile: String, seconds: UInt32, submission: Submission
    ) throws {
        let descriptor = open(errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if descriptor >= 0 { dup2(descriptor, STDERR_FILENO) }
        alarm(seconds)
        guard let check = CheckCatalog.check(id: id) else { throw GraderError.unknownCheck(id) }
        var limit = rlimit(rlim_cur: 4 << 30, rlim_max: 4 << 30)
        setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        let result = CheckRunner.run(check, on: submission)
        try writeAtomically(try JSONEncoder().encode(result), to: URL(fileURLWithPath: resultFile))
    }
}
