/// The values that cross the pipe between the grader and the process that runs a student's code:
/// numbers and shapes only, never verdicts. The grader sends a function's inputs; the runner sends
/// back what the student's function returned.
public enum WireValue: Equatable, Sendable {
    case double(Double)
    case int(Int)
    case bool(Bool)
    case doubles([Double])
    case ints([Int])
    /// A row-major `rows` × `columns` matrix (a `Tensor<Double>`).
    case matrix(rows: Int, columns: Int, scalars: [Double])
    case text(String)

    /// A short name of the kind, for messages: "a matrix", "a number".
    public var kind: String {
        switch self {
        case .double: "a number"
        case .int: "an integer"
        case .bool: "a Boolean"
        case .doubles: "an array of numbers"
        case .ints: "an array of integers"
        case .matrix: "a matrix"
        case .text: "a text"
        }
    }
}

/// A request to run one function of the student's module on the given arguments.
public struct WireCall: Equatable, Sendable {
    public var function: WireFunction
    public var arguments: [WireValue]

    public init(_ function: WireFunction, _ arguments: [WireValue]) {
        self.function = function
        self.arguments = arguments
    }
}

/// How a call ended in the runner.
public enum WireReply: Equatable, Sendable {
    /// The function returned; these are its results.
    case values([WireValue])
    /// The function still throws `ExerciseError.notAttempted`.
    case notAttempted
    /// The function threw another error; its description (capped by the runner).
    case threw(String)
}

/// A malformed message on the pipe.
public struct WireError: Error, Equatable, Sendable, CustomStringConvertible {
    public var problem: String
    public init(_ problem: String) { self.problem = problem }
    public var description: String { problem }
}
