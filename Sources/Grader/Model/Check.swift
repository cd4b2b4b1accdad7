/// Who sees a check: students run the public ones with `swift test`; the hidden ones exist only in
/// the instructor's package and run in `swift run grade`.
public enum Visibility: String, Codable, Sendable {
    case `public`
    case hidden

    /// Gradescope's visibility for a test of this kind: public checks are shown at once, hidden ones
    /// after the grades are published.
    public var gradescope: String {
        switch self {
        case .public: "visible"
        case .hidden: "after_published"
        }
    }
}

/// One graded check of one exercise: a property, a fixture comparison or a comparison with the
/// reference implementation.
///
/// `body` receives the implementation under test and returns normally when the check passes. It
/// throws `CheckFailure` when the implementation is wrong; any error the implementation throws
/// (`ExerciseError.notAttempted` from a stub, or its own errors) passes through and is classified
/// by `CheckRunner`.
public struct Check: Sendable, Identifiable {
    /// A stable identifier, `exercise-slug.check-name`, e.g. `dropout.survivors-scaled`.
    public let id: String
    public let exercise: Exercise
    /// What the check verifies, in a sentence a student understands.
    public let title: String
    public let points: Double
    public let visibility: Visibility
    /// Where to read up when the check fails: a section of the exercise sheet or lesson.
    public let hint: String
    /// The longest the check may run in a child process before it counts as hanging.
    public let timeLimit: Double
    public let body: @Sendable (Submission) throws -> Void

    public init(
        id: String, exercise: Exercise, title: String, points: Double, visibility: Visibility,
        hint: String, timeLimit: Double = 10, body: @escaping @Sendable (Submission) throws -> Void
    ) {
        self.id = id
        self.exercise = exercise
        self.title = title
        self.points = points
        self.visibility = visibility
        self.hint = hint
        self.timeLimit = timeLimit
        self.body = body
    }
}
