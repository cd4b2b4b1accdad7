/// A mistake in a lesson source: an unknown result, figure, table, snippet, label, directive or
/// role, a bad value format, unreadable math. Printed like a compiler diagnostic:
///
///     lessons/dropout.md:42: unknown result `val-acc` (did you mean `val-accuracy`?)
public struct LessonSourceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    /// What is wrong and how to fix it.
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

/// All the mistakes found in one lesson source; the lesson does not build while there are any.
public struct LessonSourceErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [LessonSourceError]

    public init(_ errors: [LessonSourceError]) {
        self.errors = errors
    }

    public var description: String {
        let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
        return "\(count) in lesson source:\n" + errors.map { "  \($0)" }.joined(separator: "\n")
    }
}
