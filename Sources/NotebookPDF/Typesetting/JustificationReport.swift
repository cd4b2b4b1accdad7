import NotebookDocument

/// How far justification stretches the spaces between words, over every justified line of a
/// document: the measure of what hyphenation buys. A ratio of 1 is a normal space; 2 a gap twice
/// as wide.
public struct JustificationReport: Sendable {
    /// The number of justified lines measured (last lines of paragraphs are not stretched).
    public var lineCount: Int
    /// The widest inter-word gap, as a multiple of a normal space, and the line it is on.
    public var worstStretch: Double
    public var worstLine: String
    /// The mean gap over all lines, as a multiple of a normal space.
    public var meanStretch: Double
    /// Lines whose gaps are more than twice a normal space.
    public var linesOverTwice: Int
}

extension PDFTypesetter {
    /// Lays out `document` (without writing it) and measures its justified lines.
    public func justificationReport(for document: Document) throws -> JustificationReport {
        let style = TypesetStyle(bodySize: options.bodyFontSize, justify: options.justify, hyphenate: options.hyphenate)
        let numbering = try DocumentNumbering(document)
        return try Self.withPangoContext { context in
            let layout = try self.layout(document, style: style, numbering: numbering, context: context)
            var stretches: [(ratio: Double, text: String)] = []
            for item in layout.composer.items {
                if case .text(let text) = item.content { stretches += text.interwordStretches() }
            }
            let worst = stretches.max { $0.ratio < $1.ratio }
            return JustificationReport(
                lineCount: stretches.count, worstStretch: worst?.ratio ?? 1, worstLine: worst?.text ?? "",
                meanStretch: stretches.isEmpty ? 1 : stretches.map(\.ratio).reduce(0, +) / Double(stretches.count),
                linesOverTwice: stretches.filter { $0.ratio > 2 }.count)
        }
    }
}
