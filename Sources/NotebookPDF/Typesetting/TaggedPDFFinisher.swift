import Foundation
import NotebookDocument

/// Completes the tagged PDF that cairo writes: cairo 1.16 emits the structure tree (`P`, `H2`,
/// `Figure`, …) and marks the document as tagged, but cannot set the document's language or give
/// a structure element its alternative text. This appends one incremental update (PDF 1.7,
/// §7.5.6) that redefines the catalog with `/Lang` and `/MarkInfo`, each `Figure` and `Formula`
/// element with its `/Alt` text, in the order they were drawn, and each page's content stream with
/// its formulas' `/ActualText` and its running header and footer as artifacts (see
/// `PageContentMarking`). The original bytes stay as they are, and the same input gives the same
/// output, so PDFs stay byte-reproducible.
enum TaggedPDFFinisher {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Rewrites the PDF at `url` in place.
    /// - Parameters:
    ///   - language: a BCP 47 tag, e.g. `en-GB`.
    ///   - alternatives: for each structure type (`Figure`, `Formula`), the alternative texts of its
    ///     elements in drawing order.
    ///   - formulaActualTexts: the actual text of each `Formula` element, in drawing order.
    static func finish(
        _ url: URL, language: String, alternatives: [String: [String]], formulaActualTexts: [String] = []
    ) throws {
        var data = try Data(contentsOf: url)
        let update = try incrementalUpdate(
            for: data, language: language, alternatives: alternatives, formulaActualTexts: formulaActualTexts)
        data.append(update)
        try data.write(to: url)
    }

    /// The bytes to append to `pdf`.
    static func incrementalUpdate(
        for pdf: Data, language: String, alternatives: [String: [String]], formulaActualTexts: [String] = []
    ) throws -> Data {
        var bytes = PDFBytes(pdf)
        guard let trailerStart = bytes.lastIndex(of: "trailer"), let startxref = bytes.lastIndex(of: "startxref") else {
            throw Failure(description: "no classic trailer in the PDF cairo wrote")
        }
        let trailer = bytes.text(trailerStart + 7..<startxref)
        let previousXref = Int(bytes.text(startxref + 9..<bytes.count).split(whereSeparator: \.isWhitespace).first ?? "")
        guard let size = integer(after: "/Size", in: trailer), let root = integer(after: "/Root", in: trailer),
            let previousXref
        else { throw Failure(description: "the PDF trailer lacks /Size, /Root or startxref") }
        let info = integer(after: "/Info", in: trailer)
        bytes.indexObjects(xrefAt: previousXref)

        var objects: [(number: Int, body: String)] = []
        // The catalog, with the language and the tagged-PDF mark.
        guard let catalog = objectBody(root, in: bytes) else { throw Failure(description: "catalog \(root) not found") }
        var catalogBody = catalog
        if !catalogBody.contains("/Lang") { catalogBody = insert("/Lang (\(language))", into: catalogBody) }
        if !catalogBody.contains("/MarkInfo") { catalogBody = insert("/MarkInfo << /Marked true >>", into: catalogBody) }
        if !catalogBody.contains("/ViewerPreferences") {
            catalogBody = insert("/ViewerPreferences << /DisplayDocTitle true >>", into: catalogBody)
        }
        objects.append((root, catalogBody))
        // Structure elements with their alternative text.
        let elements = structureElements(in: bytes, types: Set(alternatives.keys))
        for (type, texts) in alternatives.sorted(by: { $0.key < $1.key }) where !texts.isEmpty {
            let ofType = elements[type] ?? []
            guard ofType.count == texts.count else {
                throw Failure(description: "the PDF has \(ofType.count) /\(type) elements but \(texts.count) alternative texts were drawn")
            }
            for (element, alternative) in zip(ofType, texts) where !element.body.contains("/Alt") {
                objects.append((element.number, insert("/Alt \(pdfString(alternative))", into: element.body)))
            }
        }

        // Page content streams with their formulas' actual text and their artifacts marked.
        var streams: [(number: Int, dictionary: String, data: [UInt8])] = []
        var nextText = 0
        for page in try pageContents(in: bytes, root: root) {
            let content = try PageContentMarking.rewrite(
                Deflate.inflate(page.data), formulaTexts: formulaActualTexts, next: &nextText)
            let compressed = try Deflate.deflate(content)
            streams.append((page.number, "<< /Length \(compressed.count) /Filter /FlateDecode >>", compressed))
        }
        guard nextText == formulaActualTexts.count else {
            throw Failure(description: "\(formulaActualTexts.count) formulas were drawn but the PDF's pages mark \(nextText)")
        }

        var entries: [(number: Int, bytes: [UInt8])] = objects.map { ($0.number, Array($0.body.utf8)) }
        entries += streams.map { ($0.number, Array("\($0.dictionary)\nstream\n".utf8) + $0.data + Array("\nendstream".utf8)) }
        var update = Data("\n".utf8)
        var offsets: [(Int, Int)] = []
        for entry in entries.sorted(by: { $0.number < $1.number }) {
            offsets.append((entry.number, pdf.count + update.count))
            update += Data("\(entry.number) 0 obj\n".utf8) + entry.bytes + Data("\nendobj\n".utf8)
        }
        let xrefOffset = pdf.count + update.count
        var table = "xref\n0 1\n0000000000 65535 f \n"
        for (number, offset) in offsets {
            table += "\(number) 1\n" + String(repeating: "0", count: max(0, 10 - String(offset).count)) + "\(offset) 00000 n \n"
        }
        table += "trailer\n<< /Size \(size) /Root \(root) 0 R"
        if let info { table += " /Info \(info) 0 R" }
        table += " /Prev \(previousXref) >>\nstartxref\n\(xrefOffset)\n%%EOF\n"
        return update + Data(table.utf8)
    }

    /// Each page's content stream in page order: its object number and compressed bytes. Cairo
    /// writes a flat page tree (`/Kids` of the catalog's `/Pages`) and one `/FlateDecode` stream
    /// per page.
    static func pageContents(in bytes: PDFBytes, root: Int) throws -> [(number: Int, data: ArraySlice<UInt8>)] {
        guard let catalog = objectBody(root, in: bytes), let pagesNumber = integer(after: "/Pages", in: catalog),
            let pages = objectBody(pagesNumber, in: bytes), let kidsStart = pages.range(of: "/Kids ["),
            let kidsEnd = pages.range(of: "]", range: kidsStart.upperBound..<pages.endIndex)
        else { throw Failure(description: "the PDF's page tree is not where cairo writes it") }
        let references = pages[kidsStart.upperBound..<kidsEnd.lowerBound].split(whereSeparator: \.isWhitespace)
        var result: [(number: Int, data: ArraySlice<UInt8>)] = []
        for index in stride(from: 0, to: references.count - 2, by: 3) where references[index + 2] == "R" {
            guard let pageNumber = Int(references[index]), let page = objectBody(pageNumber, in: bytes),
                let contents = integer(after: "/Contents", in: page)
            else { throw Failure(description: "a page of the PDF has no /Contents") }
            guard let stream = streamData(contents, in: bytes) else {
                throw Failure(description: "the content stream \(contents) of a page is not a /FlateDecode stream")
            }
            result.append((contents, stream))
        }
        return result
    }

    /// The compressed bytes of stream object `number` (its `/Length` direct or an indirect object).
    static func streamData(_ number: Int, in bytes: PDFBytes) -> ArraySlice<UInt8>? {
        // Only the dictionary is read as text: the stream itself may be large.
        guard let header = objectStart(number, in: bytes),
            let keyword = bytes.firstIndex(of: "stream", in: header..<min(bytes.count, header + 1_000))
        else { return nil }
        let dictionary = bytes.text(header..<keyword)
        guard dictionary.contains("/FlateDecode"), let lengthRange = dictionary.range(of: "/Length") else { return nil }
        let words = dictionary[lengthRange.upperBound...].split(whereSeparator: \.isWhitespace).prefix(3)
        var length: Int?
        if words.count == 3, words[words.startIndex + 2].hasPrefix("R"), let reference = Int(words[words.startIndex]) {
            length = objectBody(reference, in: bytes).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        } else {
            length = words.first.flatMap { Int($0.prefix { $0.isNumber }) }
        }
        guard let length else { return nil }
        var start = keyword + 6
        if bytes.byte(at: start) == 0x0D { start += 1 }
        if bytes.byte(at: start) == 0x0A { start += 1 }
        guard start + length <= bytes.count else { return nil }
        return bytes.slice(start..<start + length)
    }

    /// The number after `key` in a dictionary (`/Root 12 0 R` → 12).
    static func integer(after key: String, in dictionary: String) -> Int? {
        guard let range = dictionary.range(of: key + " ") ?? dictionary.range(of: key + "\n") else { return nil }
        return Int(dictionary[range.upperBound...].prefix { $0.isNumber })
    }

    /// Where object `number` begins (its `N 0 obj`): from the cross-reference table once
    /// `indexObjects` has read it, else by searching for it at the start of a line.
    static func objectStart(_ number: Int, in bytes: PDFBytes) -> Int? {
        if let offset = bytes.objectOffsets[number] { return offset }
        for lineEnd in ["\n", "\r"] {
            if let found = bytes.firstIndex(of: "\(lineEnd)\(number) 0 obj") { return found + 1 }
        }
        return nil
    }

    /// The dictionary of object `number` (between `N 0 obj` and `endobj`).
    static func objectBody(_ number: Int, in bytes: PDFBytes) -> String? {
        guard let start = objectStart(number, in: bytes),
            let header = bytes.firstIndex(of: " obj", in: start..<bytes.count),
            let end = bytes.firstIndex(of: "endobj", in: header..<bytes.count)
        else { return nil }
        return bytes.text(header + 4..<end).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The structure elements `/S /type` of the PDF `text` (Latin-1), in file order, as (object
    /// number, dictionary).
    static func structureElements(of type: String, in text: String) -> [(number: Int, body: String)] {
        structureElements(in: PDFBytes(Data(text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })), types: [type])[type] ?? []
    }

    /// Every structure element of the PDF by type (`P`, `Figure`, …), each type's in file order,
    /// as (object number, dictionary). One pass over the bytes.
    static func structureElements(in bytes: PDFBytes, types: Set<String>) -> [String: [(number: Int, body: String)]] {
        var result: [String: [(number: Int, body: String)]] = [:]
        var searchStart = 0
        while let header = bytes.firstIndex(of: " 0 obj", in: searchStart..<bytes.count) {
            let bodyStart = header + 6
            guard let end = bytes.firstIndex(of: "endobj", in: bodyStart..<bytes.count) else { break }
            searchStart = end + 6
            guard bytes.firstIndex(of: "/StructElem", in: bodyStart..<end) != nil,
                let typeStart = bytes.firstIndex(of: "/S /", in: bodyStart..<end)
            else { continue }
            var numberStart = header
            while numberStart > 0, bytes.isDigit(at: numberStart - 1) { numberStart -= 1 }
            guard let number = Int(bytes.text(numberStart..<header)) else { continue }
            var typeEnd = typeStart + 4
            while typeEnd < end, bytes.isNameCharacter(at: typeEnd) { typeEnd += 1 }
            let type = bytes.text(typeStart + 4..<typeEnd)
            // Only the types asked for are read as text (a course has thousands of P, Span, TD).
            guard types.contains(type) else { continue }
            result[type, default: []].append((number, bytes.text(bodyStart..<end).trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        return result
    }

    /// `entry` added before the dictionary's closing `>>`.
    static func insert(_ entry: String, into dictionary: String) -> String {
        guard let close = dictionary.range(of: ">>", options: .backwards) else { return dictionary }
        return dictionary[..<close.lowerBound] + "   " + entry + "\n" + dictionary[close.lowerBound...]
    }

    /// A PDF text string: UTF-16BE with a byte-order mark, in hex.
    static func pdfString(_ text: String) -> String {
        let digits = Array("0123456789ABCDEF")
        var result = "<FEFF"
        result.reserveCapacity(6 + 4 * text.utf16.count)
        for unit in text.utf16 {
            for shift in [12, 8, 4, 0] { result.append(digits[Int(unit >> UInt16(shift)) & 0xF]) }
        }
        return result + ">"
    }
}

/// The bytes of a PDF, searched with `memchr` and `memcmp` (the file is mostly binary streams; searching it as
/// a Swift or Foundation string was most of the typesetting time).
struct PDFBytes {
    private let bytes: [UInt8]

    init(_ data: Data) { bytes = [UInt8](data) }

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    /// Where each object starts (its `N 0 obj`), from the cross-reference table; empty until
    /// `indexObjects` reads it.
    private(set) var objectOffsets: [Int: Int] = [:]

    /// Reads the classic cross-reference table at `offset` (`xref`, then subsections of
    /// `first count` and 20-byte entries `offset generation n|f`).
    mutating func indexObjects(xrefAt offset: Int) {
        guard offset >= 0, offset < bytes.count, let trailer = firstIndex(of: "trailer", in: offset..<bytes.count) else { return }
        var position = offset
        /// The next white-space separated token before the trailer.
        func token() -> Substring? {
            while position < trailer, bytes[position] <= 0x20 { position += 1 }
            let start = position
            while position < trailer, bytes[position] > 0x20 { position += 1 }
            return start < position ? Substring(text(start..<position)) : nil
        }
        guard token() == "xref" else { return }
        while let first = token().flatMap({ Int($0) }), let count = token().flatMap({ Int($0) }) {
            for entry in 0..<count {
                guard let location = token(), token() != nil, let kind = token() else { return }
                if kind == "n", let location = Int(location) { objectOffsets[first + entry] = location }
            }
        }
    }

    /// The first occurrence of `needle` in `range`.
    func firstIndex(of needle: String, in range: Range<Int>? = nil) -> Int? {
        let range = range ?? 0..<bytes.count
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, range.count >= pattern.count else { return nil }
        return bytes.withUnsafeBytes { haystack in
            pattern.withUnsafeBytes { needle in
                let base = haystack.baseAddress!
                var position = range.lowerBound
                let last = range.upperBound - pattern.count
                while position <= last {
                    // The next candidate first byte (memchr), then the rest (memcmp).
                    guard let found = memchr(base + position, Int32(pattern[0]), last - position + 1) else { return nil }
                    let index = base.distance(to: UnsafeRawPointer(found))
                    if memcmp(base + index, needle.baseAddress!, pattern.count) == 0 { return index }
                    position = index + 1
                }
                return nil
            }
        }
    }

    /// The last occurrence of `needle`.
    func lastIndex(of needle: String) -> Int? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return nil }
        var start = bytes.count - pattern.count
        while start >= 0 {
            if bytes[start] == pattern[0], bytes[start..<start + pattern.count].elementsEqual(pattern) { return start }
            start -= 1
        }
        return nil
    }

    /// The bytes `range` as text (Latin-1: one character per byte).
    func text(_ range: Range<Int>) -> String {
        String(bytes[range].map { Character(Unicode.Scalar($0)) })
    }

    func byte(at index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }

    func slice(_ range: Range<Int>) -> ArraySlice<UInt8> { bytes[range] }

    func isDigit(at index: Int) -> Bool { bytes[index] >= 0x30 && bytes[index] <= 0x39 }

    /// Whether the byte at `index` may be part of a PDF name (not white space or a delimiter).
    func isNameCharacter(at index: Int) -> Bool {
        let byte = bytes[index]
        return byte > 0x20 && byte < 0x7F && !"()<>[]{}/%".utf8.contains(byte)
    }
}
