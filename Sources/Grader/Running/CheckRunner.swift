import ExerciseTypes
import Foundation

/// Runs checks in this process and classifies how they ended.
///
/// The checks always run in the grader's process. The `Submission` they are given decides where
/// the student's functions run: in a sandboxed process (`Submission.remote`, how `grade` grades),
/// or here (the grader's own tests with deliberately wrong implementations, and a student's own
/// `swift test`, inside exit tests).
public enum CheckRunner {
    /// Runs `check` on `submission` here and now.
    public static func run(_ check: Check, on submission: Submission) -> CheckResult {
        let start = Date()
        let (status, message): (CheckStatus, String)
        do {
            try check.body(submission)
            (status, message) = (.passed, "")
        } catch let failure as CheckFailure {
            (status, message) = failure.kind == .nonFinite
                ? (.returnedNaN, "your function returned NaN or an infinity where a finite number was expected:\n\(failure.message)")
                : (.failed, failure.message)
        } catch let error as ExerciseError where error == .notAttempted {
            (status, message) = (.notAttempted, "")
        } catch let failure as StudentProcessFailure {
            (status, message) = (failure.status, failure.message)
        } catch let thrown as StudentThrew {
            (status, message) = (.failed, "your code threw an error: \(thrown.message)")
        } catch {
            (status, message) = (.failed, "your code threw an error: \(Feedback.cap(String(describing: error), 600))")
        }
        return CheckResult(check: check, status: status, message: message, seconds: Date().timeIntervalSince(start))
    }

    /// Runs every check in `checks` here, in order.
    public static func run(_ checks: [Check], on submission: Submission) -> [CheckResult] {
        checks.map { run($0, on: submission) }
    }
}
