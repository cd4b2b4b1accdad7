import Foundation

/// Why a document could not be typeset or written. Each description names the thing, the bad
/// value and what to do.
public enum TypesettingError: Error, CustomStringConvertible, Equatable {
    /// A label is used twice in one chapter.
    case duplicateLabel(String, chapter: String)
    /// A reference or internal link names a label that does not exist (or exists in several
    /// chapters but not in the referring one: `candidates > 1`).
    case unknownLabel(String, chapterIndex: Int, candidates: Int)
    /// A heading level outside 1...3.
    case invalidHeadingLevel(Int, heading: String, chapter: String)
    /// Pango could not parse the markup of a math span or display formula.
    case invalidMarkup(String, chapter: String, reason: String)
    /// A figure has a width fraction outside (0, 1] or a size that is not positive and finite.
    case invalidFigure(number: String, chapter: String, reason: String)
    /// Drawing a figure threw.
    case figureDrawingFailed(number: String, chapter: String, underlying: String)
    /// A table row has more cells than the header.
    case invalidTable(number: String, chapter: String, reason: String)
    /// A document without chapters, or a lesson with more than one.
    case invalidDocument(String)
    /// The PDF could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .duplicateLabel(let label, let chapter):
            return "label '\(label)' is used twice in chapter '\(chapter)'; give each figure, table, "
                + "equation, listing, section and exercise its own label"
        case .unknownLabel(let label, let chapterIndex, let candidates):
            if candidates > 1 {
                return "reference to '\(label)' in chapter \(chapterIndex + 1) is ambiguous: "
                    + "\(candidates) other chapters define it; label the target in this chapter"
            }
            return "reference to unknown label '\(label)' in chapter \(chapterIndex + 1); "
                + "add that label to a figure, table, equation, listing, section or exercise, "
                + "or fix the spelling"
        case .invalidHeadingLevel(let level, let heading, let chapter):
            return "heading '\(heading)' in chapter '\(chapter)' has level \(level); "
                + "use 1 (section), 2 (subsection) or 3 (paragraph heading)"
        case .invalidMarkup(let markup, let chapter, let reason):
            return "invalid Pango markup '\(markup)' in chapter '\(chapter)': \(reason); "
                + "escape '<', '>' and '&' in math and close every tag"
        case .invalidFigure(let number, let chapter, let reason):
            return "figure \(number) in chapter '\(chapter)': \(reason)"
        case .figureDrawingFailed(let number, let chapter, let underlying):
            return "figure \(number) in chapter '\(chapter)' failed to draw: \(underlying)"
        case .invalidTable(let number, let chapter, let reason):
            return "table \(number) in chapter '\(chapter)': \(reason)"
        case .invalidDocument(let reason):
            return "invalid document: \(reason)"
        case .cannotWrite(let path, let reason):
            return "cannot write the PDF '\(path)': \(reason); check that the folder exists "
                + "and is writable"
        }
    }
}
