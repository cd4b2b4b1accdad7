/// A place in a lesson source, printed `lessons/dropout.md:42` like a compiler diagnostic.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    /// The file as the author knows it, relative to the package root when possible.
    public var file: String
    /// 1-based line number.
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}
