/// How a check ended.
public enum CheckStatus: String, Codable, Sendable, CaseIterable {
    case passed
    case failed
    /// The student's function still throws `ExerciseError.notAttempted`.
    case notAttempted = "not attempted"
    /// The student's code trapped (fatalError, index out of range, overflow) or was killed by a signal.
    case crashed
    /// The check ran longer than its time limit.
    case timedOut = "timed out"
    /// The student's function returned NaN or ±∞ where a finite number was expected.
    case returnedNaN = "returned NaN"
    /// The student's file did not compile; the exercise was graded as its stub.
    case compileError = "did not compile"
    /// The student's file uses NeuralKit declarations the library policy forbids (0 points).
    case forbiddenLibrary = "used a forbidden library"
}

/// The outcome of one check for one submission: what a report, Gradescope and JUnit show.
public struct CheckResult: Codable, Sendable, Equatable {
    public var id: String
    public var exercise: Exercise
    public var title: String
    public var visibility: Visibility
    public var status: CheckStatus
    public var score: Double
    public var maxScore: Double
    /// What went wrong (empty when passed): the smallest failing input, expected vs actual, the
    /// relative error, or the crash message.
    public var message: String
    public var hint: String
    /// Wall-clock seconds the check took.
    public var seconds: Double

    public init(
        check: Check, status: CheckStatus, message: String = "", seconds: Double = 0
    ) {
        id = check.id
        exercise = check.exercise
        title = check.title
        visibility = check.visibility
        self.status = status
        maxScore = check.points
        score = status == .passed ? check.points : 0
        self.message = message
        hint = check.hint
        self.seconds = seconds
    }

    /// The feedback text: the message followed by the hint (nothing when passed).
    public var feedback: String {
        switch status {
        case .passed: return "passed"
        case .notAttempted: return "not attempted (the function still throws ExerciseError.notAttempted)"
        default:
            return "\(status.rawValue): \(message)\nhint: \(hint)"
        }
    }
}

extension CheckResult {
    /// The feedback as Markdown: the student-influenced message in a fence it cannot close.
    public var markdownFeedback: String {
        switch status {
        case .passed, .notAttempted: return feedback
        default:
            return "\(status.rawValue):\n\n" + Feedback.codeBlock(message).joined(separator: "\n") + "\n\nhint: \(hint)"
        }
    }
}
