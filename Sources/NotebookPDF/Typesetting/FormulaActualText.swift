import Foundation

/// Gives every formula in a page's content stream its actual text (PDF 1.7, §14.9.4): cairo marks
/// a formula's drawing as `/Formula << /MCID n >> BDC … EMC` but cannot attach text to it, so a
/// text extractor reads a stacked fraction's numerator and denominator as two lines. Inside each
/// such sequence this puts `/Span << /ActualText (…) >> BDC … EMC` around the drawing: viewers
/// then copy, search and extract the formula on one line (`1/(1 − p)`) at its place in the text.
///
/// Cairo writes one operator per line, so the rewrite works on lines. The spans cairo itself
/// opens inside a formula (text for glyph clusters) are dropped: an inner `/ActualText` would
/// replace the formula's.
enum FormulaActualText {
    /// `content` with the next formulas' actual texts taken from `texts` (in drawing order,
    /// advancing `next`); `nil` when the stream has no formula.
    static func rewrite(_ content: [UInt8], texts: [String], next: inout Int) throws -> [UInt8]? {
        guard PDFBytes(content).firstIndex(of: "/Formula <<") != nil else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(content.count + 256)
        // Inside a formula: for each marked-content sequence opened in it, whether it was dropped.
        var openInFormula: [Bool]? = nil
        try content.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var lineStart = 0
            while lineStart < buffer.count {
                let lineEnd = memchr(base + lineStart, 0x0A, buffer.count - lineStart)
                    .map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) } ?? buffer.count
                let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<lineEnd])
                // The line with its line feed.
                let whole = UnsafeBufferPointer(rebasing: buffer[lineStart..<min(lineEnd + 1, buffer.count)])
                lineStart = lineEnd + 1
                // Most lines are drawing operators: only those of marked content matter.
                let opens = line.hasSuffix(" BDC") || line.hasSuffix(" BMC") || line.elementsEqual("BMC".utf8)
                let closes = line.elementsEqual("EMC".utf8)
                if var open = openInFormula {
                    if opens {
                        let dropped = line.hasPrefix("/Span << /ActualText")
                        open.append(dropped)
                        openInFormula = open
                        if dropped { continue }
                    } else if closes {
                        guard let dropped = open.popLast() else {
                            // The formula's own end: close the span first.
                            output += "EMC\n".utf8
                            output += whole
                            openInFormula = nil
                            continue
                        }
                        openInFormula = open
                        if dropped { continue }
                    }
                    output += whole
                    continue
                }
                output += whole
                if opens, line.hasPrefix("/Formula <<") {
                    guard next < texts.count else {
                        throw TaggedPDFFinisher.Failure(
                            description: "the PDF has more formulas than the \(texts.count) actual texts drawn")
                    }
                    if whole.count == line.count { output.append(0x0A) }
                    output += "/Span << /ActualText \(TaggedPDFFinisher.pdfString(texts[next])) >> BDC\n".utf8
                    next += 1
                    openInFormula = []
                }
            }
        }
        guard openInFormula == nil else {
            throw TaggedPDFFinisher.Failure(description: "a formula's marked content does not end in its content stream")
        }
        return output
    }
}

private extension UnsafeBufferPointer<UInt8> {
    func hasPrefix(_ prefix: String) -> Bool {
        let bytes = Array(prefix.utf8)
        return count >= bytes.count && memcmp(baseAddress!, bytes, bytes.count) == 0
    }

    func hasSuffix(_ suffix: String) -> Bool {
        let bytes = Array(suffix.utf8)
        return count >= bytes.count && memcmp(baseAddress! + count - bytes.count, bytes, bytes.count) == 0
    }
}
