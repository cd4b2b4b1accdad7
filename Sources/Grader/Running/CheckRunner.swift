import Foundation
import Student

/// Runs checks in this process and classifies how they ended.
///
/// In-process running is what the grader's own tests use (fast, and the implementations there do
/// not trap). Student code is run through `IsolatedCheckRunner` or an exit test instead, so that a
/// trap or a hang costs only the check it happens in.
public enum CheckRunner {
    /// Runs `check` on `submission` here and now.
    public static func run(_ check: Check, on submission: Submission) -> CheckResult {
        let start = Date()
        let (status, message): (CheckStatus, String)
        do {
            try check.body(submission)
            (status, message) = (.passed, "")
        } catch let failure as CheckFailure {
            (status, message) = (failure.kind == .nonFinite ? .returnedNaN : .failed, failure.message)
        } catch let error as ExerciseError where error == .notAttempted {
            (status, message) = (.notAttempted, "")
        } catch {
            (status, message) = (.failed, "your code threw an error: \(error)")
        }
        return CheckResult(check: check, status: status, message: message, seconds: Date().timeIntervalSince(start))
    }

    /// Runs every check in `checks` here, in order.
    public static func run(_ checks: [Check], on submission: Submission) -> [CheckResult] {
        checks.map { run($0, on: submission) }
    }
}
