import Foundation

/// Completes the marked content of a page's content stream, which cairo 1.16 leaves incomplete:
/// - **Formulas' actual text** (PDF 1.7, §14.9.4). Cairo marks a formula's drawing as
///   `/Formula << /MCID n >> BDC … EMC` but cannot attach text to it, so a text extractor reads a
///   stacked fraction's numerator and denominator as two lines. Inside each such sequence this
///   puts `/Span << /ActualText (…) >> BDC … EMC` around the drawing: viewers then copy, search
///   and extract the formula on one line (`1/(1 − p)`) at its place in the text. The spans cairo
///   itself opens inside a formula (text for glyph clusters) are dropped: an inner
///   `/ActualText` would replace the formula's.
/// - **Artifacts** (§14.8.2.2). What is drawn outside every structure element (the running
///   header and footer, the backgrounds of boxes, table rules) becomes `/Artifact BMC … EMC`, so
///   that assistive technology skips it instead of meeting untagged content. An artifact opens
///   and closes every text object (`BT`/`ET`) and graphics state (`q`/`Q`) inside it and never
///   splits a path from its painting operator, so that marked content and those nest.
///
/// Cairo writes one operator per line, except that a long `TJ` array or string runs over several
/// lines; the rewrite works on such operator lines.
enum PageContentMarking {
    /// `content` with the next formulas' actual texts taken from `texts` (in drawing order,
    /// advancing `next`) and its unmarked drawing marked as artifacts.
    static func rewrite(_ content: [UInt8], formulaTexts texts: [String], next: inout Int) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(content.count + 512)
        // Marked-content sequences open (outside a formula); inside a formula, for each sequence
        // opened in it, whether it was dropped.
        var depth = 0
        var openInFormula: [Bool]? = nil
        var unmarked = UnmarkedRun()
        try content.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var lineStart = 0
            while lineStart < buffer.count {
                let lineEnd = operatorLineEnd(in: buffer, from: lineStart)
                let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<lineEnd])
                // The line with its line feed.
                let whole = UnsafeBufferPointer(rebasing: buffer[lineStart..<min(lineEnd + 1, buffer.count)])
                lineStart = lineEnd + 1
                // Most lines are drawing operators: only those of marked content change the state.
                let opens = line.hasSuffix(" BDC") || line.hasSuffix(" BMC") || line.isExactly("BMC")
                let closes = line.isExactly("EMC")
                if var open = openInFormula {
                    if opens {
                        let dropped = isCairoSpan(line)
                        open.append(dropped)
                        openInFormula = open
                        if dropped { continue }
                    } else if closes {
                        guard let dropped = open.popLast() else {
                            // The formula's own end: close the span first.
                            output += "EMC\n".utf8
                            output += whole
                            openInFormula = nil
                            depth -= 1
                            continue
                        }
                        openInFormula = open
                        if dropped { continue }
                    }
                    output += whole
                    continue
                }
                if depth == 0 {
                    // Cairo's own spans (the text of a ligature or a soft hyphen) stay inside the
                    // drawing around them; only a structure element's sequence ends the run.
                    let cairoSpan = isCairoSpan(line)
                    if cairoSpan || (closes && unmarked.spansOpen > 0) || !opens && !closes {
                        unmarked.append(whole, line: line, into: &output)
                        continue
                    }
                    if opens { unmarked.flush(into: &output) }
                }
                output += whole
                if opens {
                    depth += 1
                    if line.hasPrefix("/Formula <<") {
                        guard next < texts.count else {
                            throw TaggedPDFFinisher.Failure(
                                description: "the PDF has more formulas than the \(texts.count) actual texts drawn")
                        }
                        if whole.count == line.count { output.append(0x0A) }
                        output += "/Span << /ActualText \(TaggedPDFFinisher.pdfString(texts[next])) >> BDC\n".utf8
                        next += 1
                        openInFormula = []
                    }
                } else if closes {
                    depth = max(0, depth - 1)
                }
            }
        }
        guard openInFormula == nil else {
            throw TaggedPDFFinisher.Failure(description: "a formula's marked content does not end in its content stream")
        }
        unmarked.flush(into: &output)
        return output
    }

    /// Lines drawn outside every structure element's marked content, marked as artifacts where
    /// that is legal: an artifact begins and ends at the same depth of text objects, graphics
    /// states and cairo's spans (it opens and closes every `BT`, `q` and span inside it), never
    /// inside a path's construction, and only around drawing that paints.
    private struct UnmarkedRun {
        /// `BT` and `q` open since the run began (negative after closing ones opened before it).
        var level = 0
        /// The level at which the open artifact began.
        var artifactLevel: Int?
        /// Between a path's first construction operator and the operator that paints or ends it.
        var inPath = false
        /// The lines since the last point where an artifact may begin or end, the level there, and
        /// whether they paint.
        var pending: [UInt8] = []
        var pendingLevel = 0
        var pendingPaints = false

        /// Cairo's spans open in the run (they nest like `BT` and `q`: an artifact never splits one).
        var spansOpen = 0

        mutating func append(_ whole: UnsafeBufferPointer<UInt8>, line: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
            let opensSpan = line.hasSuffix(" BDC")
            let closesSpan = line.isExactly("EMC")
            if opensSpan { spansOpen += 1 }
            if closesSpan { spansOpen -= 1 }
            let opens = opensSpan || line.isExactly("BT") || line.hasSuffix(" BT") || line.isExactly("q")
            let closes = closesSpan || line.isExactly("ET") || line.isExactly("Q")
            if closes, let artifact = artifactLevel, level == artifact {
                // It closes what was open before the artifact began: end the artifact first.
                output += pending
                output += "EMC\n".utf8
                artifactLevel = nil
                pending = []
                pendingLevel = level
                pendingPaints = false
            }
            pending += whole
            if opens { level += 1 }
            if closes { level -= 1 }
            let painting = PageContentMarking.paints(line)
            pendingPaints = pendingPaints || painting
            if painting || line.hasSuffix(" n") || line.isExactly("n") {
                inPath = false
            } else if PageContentMarking.constructsPath(line) {
                inPath = true
            }
            guard !inPath else { return }
            if let artifact = artifactLevel {
                if level == artifact {
                    output += pending
                    pending = []
                }
            } else if level == pendingLevel, pendingPaints {
                output += "/Artifact BMC\n".utf8
                output += pending
                artifactLevel = level
                pending = []
                pendingPaints = false
            } else if !pendingPaints || level < pendingLevel {
                // Nothing painted yet (an artifact may begin here, at this level), or the lines
                // closed what was open before them and cannot be an artifact.
                output += pending
                pending = []
                pendingLevel = level
                pendingPaints = false
            }
        }

        /// Ends the run (marked content begins, or the stream ends).
        mutating func flush(into output: inout [UInt8]) {
            defer { self = UnmarkedRun() }
            if let artifact = artifactLevel {
                if level == artifact, !inPath {
                    output += pending
                    pending = []
                }
                if output.last != 0x0A { output.append(0x0A) }
                output += "EMC\n".utf8
            }
            output += pending
        }
    }

    /// The end (the line feed) of the operator line that begins at `start`: the first line feed
    /// after which no string or array is open and the line ends in an operator (a name such as
    /// `Tj`, `'` or `"`), or the end of the buffer.
    static func operatorLineEnd(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var stringDepth = 0
        var arrayDepth = 0
        var escaped = false
        var index = start
        while index < buffer.count {
            let byte = buffer[index]
            if stringDepth > 0 {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "(") { stringDepth += 1 }
                else if byte == UInt8(ascii: ")") { stringDepth -= 1 }
            } else if byte == UInt8(ascii: "(") {
                stringDepth = 1
            } else if byte == UInt8(ascii: "[") {
                arrayDepth += 1
            } else if byte == UInt8(ascii: "]") {
                arrayDepth -= 1
            } else if byte == 0x0A, arrayDepth <= 0, index > start, endsInOperator(buffer, before: index) {
                return index
            }
            index += 1
        }
        return buffer.count
    }

    /// Whether the bytes before `end` end in an operator's last character: a letter, `*`, `'` or `"`.
    private static func endsInOperator(_ buffer: UnsafeBufferPointer<UInt8>, before end: Int) -> Bool {
        let last = buffer[end - 1]
        let isOperatorByte: (UInt8) -> Bool = { byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "*")
                || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"")
        }
        return isOperatorByte(last)
    }

    /// Whether `line` opens one of cairo's own spans: the text of a glyph cluster (a ligature, a
    /// soft hyphen), with no structure element behind it.
    static func isCairoSpan(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.hasPrefix("/Span << /ActualText") && line.hasSuffix(" BDC")
    }

    /// Whether `line` ends in a path construction operator (`m`, `l`, `c`, `v`, `y`, `re`, `h`).
    static func constructsPath(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        for suffix: StaticString in [" m", " l", " c", " v", " y", " re"] where line.hasSuffix(suffix) { return true }
        return line.isExactly("h") || line.hasSuffix(" h")
    }

    /// Whether `line` ends in an operator that puts marks on the page: text (`Tj`, `TJ`, `'`,
    /// `"`), a path painted (`f`, `S`, `B`, …), an XObject (`Do`) or a shading (`sh`).
    static func paints(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        for suffix: StaticString in ["Tj", "TJ", "'", "\"", " f", " F", " f*", " S", " s", " B", " B*", " b", " b*", " Do", " sh"] {
            if line.hasSuffix(suffix) { return true }
        }
        for whole: StaticString in ["f", "F", "f*", "S", "s", "B", "B*", "b", "b*"] where line.isExactly(whole) { return true }
        return false
    }
}

/// Byte comparisons without allocation (a page has thousands of operator lines).
private extension UnsafeBufferPointer<UInt8> {
    func hasPrefix(_ prefix: StaticString) -> Bool {
        count >= prefix.utf8CodeUnitCount && memcmp(baseAddress!, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
    }

    func hasSuffix(_ suffix: StaticString) -> Bool {
        count >= suffix.utf8CodeUnitCount
            && memcmp(baseAddress! + count - suffix.utf8CodeUnitCount, suffix.utf8Start, suffix.utf8CodeUnitCount) == 0
    }

    func isExactly(_ text: StaticString) -> Bool {
        count == text.utf8CodeUnitCount && (count == 0 || memcmp(baseAddress!, text.utf8Start, count) == 0)
    }
}
