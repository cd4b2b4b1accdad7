/// Thrown inside a check when the implementation under test gives a wrong answer.
public struct CheckFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// A value differs from the expected one, or a property does not hold.
        case wrong
        /// A value is NaN or infinite where a finite one was expected.
        case nonFinite
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind = .wrong, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
