/// A named piece of the package's Swift source, marked for the lesson text:
///
/// ```swift
/// // snippet: dropout-forward
/// let mask = ...
/// // end-snippet
/// ```
/// The lesson shows it with `:::{snippet} dropout-forward`, so the listing in the PDF is the code
/// that was compiled and run, never a retyped copy.
public struct Snippet: Sendable, Equatable {
    public var name: String
    /// The lines between the markers, de-indented (common leading whitespace removed, tabs as four
    /// spaces), without leading or trailing blank lines, joined by `"\n"`.
    public var code: String
    /// The file, relative to the package root, e.g. `Sources/NeuralKit/Layers/Dropout.swift`.
    public var file: String
    /// The line of the first code line (1-based).
    public var firstLine: Int
    /// The line of the last code line (1-based).
    public var lastLine: Int

    public init(name: String, code: String, file: String, firstLine: Int, lastLine: Int) {
        self.name = name
        self.code = code
        self.file = file
        self.firstLine = firstLine
        self.lastLine = lastLine
    }

    /// "Sources/NeuralKit/Layers/Dropout.swift:42–57".
    public var sourceDescription: String { "\(file):\(firstLine)–\(lastLine)" }
}
