/// The few types the exercises share with the grader, in a module of their own so that the grader
/// can talk about them without linking the student's code (and the student's code never links the
/// grader).

/// What an exercise function throws while it is still a stub.
///
/// Every function in the `Student` module starts out as `throw ExerciseError.notAttempted`: the
/// package builds, `swift test` reports the exercise as "not attempted" (zero points, nothing
/// crashes), and the grader moves on to the next exercise. Replace the `throw` with your code.
public enum ExerciseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The function has not been written yet.
    case notAttempted

    public var description: String {
        switch self {
        case .notAttempted: "not attempted: the function still throws ExerciseError.notAttempted"
        }
    }
}

/// Adam's state for one parameter vector: the step count `t` and the moments `m`, `v` (exercise 6).
public struct AdamState: Equatable, Sendable {
    /// `t`, the number of steps taken so far.
    public var step: Int = 0
    /// `m`, the running mean of the gradients.
    public var firstMoment: [Double]
    /// `v`, the running mean of the squared gradients.
    public var secondMoment: [Double]

    public init(parameterCount: Int) {
        firstMoment = Array(repeating: 0, count: parameterCount)
        secondMoment = Array(repeating: 0, count: parameterCount)
    }

    public init(step: Int, firstMoment: [Double], secondMoment: [Double]) {
        self.step = step
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
    }
}

/// What the training loop should do after an epoch (exercise 4).
public enum EarlyStoppingDecision: Equatable, Sendable {
    case continueTraining
    case stop
}
