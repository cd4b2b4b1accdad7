/// What an exercise function throws while it is still a stub.
///
/// Every function in this module starts out as `throw ExerciseError.notAttempted`: the package builds,
/// `swift test` reports the exercise as "not attempted" (zero points, nothing crashes), and the
/// grader moves on to the next exercise. Replace the `throw` with your implementation.
public enum ExerciseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The function has not been written yet.
    case notAttempted

    public var description: String {
        switch self {
        case .notAttempted: "not attempted: the function still throws ExerciseError.notAttempted"
        }
    }
}
