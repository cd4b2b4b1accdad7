import Foundation
import NotebookDocument

/// Completes the tagged PDF that cairo writes: cairo 1.16 emits the structure tree (`P`, `H2`,
/// `Figure`, …) and marks the document as tagged, but cannot set the document's language or give
/// a structure element its alternative text. This appends one incremental update (PDF 1.7,
/// §7.5.6) that redefines the catalog with `/Lang` and `/MarkInfo`, and each `Figure` and
/// `Formula` element with its `/Alt` text, in the order they were drawn. The original bytes stay
/// as they are, and the same input gives the same output, so PDFs stay byte-reproducible.
enum TaggedPDFFinisher {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Rewrites the PDF at `url` in place.
    /// - Parameters:
    ///   - language: a BCP 47 tag, e.g. `en-GB`.
    ///   - alternatives: for each structure type (`Figure`, `Formula`), the alternative texts of its
    ///     elements in drawing order.
    static func finish(_ url: URL, language: String, alternatives: [String: [String]]) throws {
        var data = try Data(contentsOf: url)
        let update = try incrementalUpdate(for: data, language: language, alternatives: alternatives)
        data.append(update)
        try data.write(to: url)
    }

    /// The bytes to append to `pdf`.
    static func incrementalUpdate(for pdf: Data, language: String, alternatives: [String: [String]]) throws -> Data {
        // Latin-1 maps every byte to one character, so string offsets are byte offsets.
        guard let text = String(data: pdf, encoding: .isoLatin1) else {
            throw Failure(description: "the PDF cannot be read as bytes")
        }
        guard let trailerRange = text.range(of: "trailer", options: .backwards),
            let startxrefRange = text.range(of: "startxref", options: .backwards)
        else { throw Failure(description: "no classic trailer in the PDF cairo wrote") }
        let trailer = String(text[trailerRange.upperBound..<startxrefRange.lowerBound])
        let previousXref = Int(text[startxrefRange.upperBound...].split(whereSeparator: \.isWhitespace).first ?? "")
        guard let size = integer(after: "/Size", in: trailer), let root = integer(after: "/Root", in: trailer),
            let previousXref
        else { throw Failure(description: "the PDF trailer lacks /Size, /Root or startxref") }
        let info = integer(after: "/Info", in: trailer)

        var objects: [(number: Int, body: String)] = []
        // The catalog, with the language and the tagged-PDF mark.
        guard let catalog = objectBody(root, in: text) else { throw Failure(description: "catalog \(root) not found") }
        var catalogBody = catalog
        if !catalogBody.contains("/Lang") { catalogBody = insert("/Lang (\(language))", into: catalogBody) }
        if !catalogBody.contains("/MarkInfo") { catalogBody = insert("/MarkInfo << /Marked true >>", into: catalogBody) }
        if !catalogBody.contains("/ViewerPreferences") {
            catalogBody = insert("/ViewerPreferences << /DisplayDocTitle true >>", into: catalogBody)
        }
        objects.append((root, catalogBody))
        // Structure elements with their alternative text.
        for (type, texts) in alternatives.sorted(by: { $0.key < $1.key }) where !texts.isEmpty {
            let elements = structureElements(of: type, in: text)
            guard elements.count == texts.count else {
                throw Failure(description: "the PDF has \(elements.count) /\(type) elements but \(texts.count) alternative texts were drawn")
            }
            for (element, alternative) in zip(elements, texts) where !element.body.contains("/Alt") {
                objects.append((element.number, insert("/Alt \(pdfString(alternative))", into: element.body)))
            }
        }

        var update = "\n"
        var offsets: [(Int, Int)] = []
        for object in objects.sorted(by: { $0.number < $1.number }) {
            offsets.append((object.number, pdf.count + update.utf8.count))
            update += "\(object.number) 0 obj\n\(object.body)\nendobj\n"
        }
        let xrefOffset = pdf.count + update.utf8.count
        update += "xref\n0 1\n0000000000 65535 f \n"
        for (number, offset) in offsets {
            update += "\(number) 1\n" + String(repeating: "0", count: max(0, 10 - String(offset).count)) + "\(offset) 00000 n \n"
        }
        update += "trailer\n<< /Size \(size) /Root \(root) 0 R"
        if let info { update += " /Info \(info) 0 R" }
        update += " /Prev \(previousXref) >>\nstartxref\n\(xrefOffset)\n%%EOF\n"
        return Data(update.utf8)
    }

    /// The number after `key` in a dictionary (`/Root 12 0 R` → 12).
    static func integer(after key: String, in dictionary: String) -> Int? {
        guard let range = dictionary.range(of: key + " ") ?? dictionary.range(of: key + "\n") else { return nil }
        return Int(dictionary[range.upperBound...].prefix { $0.isNumber })
    }

    /// The dictionary of object `number` (between `N 0 obj` and `endobj`).
    static func objectBody(_ number: Int, in text: String) -> String? {
        for start in [ "\n\(number) 0 obj", "\r\(number) 0 obj"] {
            guard let header = text.range(of: start) else { continue }
            guard let end = text.range(of: "endobj", range: header.upperBound..<text.endIndex) else { return nil }
            return text[header.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return nil
    }

    /// The structure elements `/S /type`, in file order, as (object number, dictionary).
    static func structureElements(of type: String, in text: String) -> [(number: Int, body: String)] {
        var result: [(Int, String)] = []
        var searchStart = text.startIndex
        while let header = text.range(of: " 0 obj", range: searchStart..<text.endIndex) {
            guard let end = text.range(of: "endobj", range: header.upperBound..<text.endIndex) else { break }
            let body = text[header.upperBound..<end.lowerBound]
            if body.contains("/StructElem"), body.range(of: "/S /\(type)\\b", options: .regularExpression) != nil {
                let numberStart = text[..<header.lowerBound].lastIndex { !$0.isNumber }.map { text.index(after: $0) }
                    ?? text.startIndex
                if let number = Int(text[numberStart..<header.lowerBound]) {
                    result.append((number, body.trimmingCharacters(in: .whitespacesAndNewlines)))
                }
            }
            searchStart = end.upperBound
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
        "<FEFF" + text.utf16.map { String(format: "%04X", $0) }.joined() + ">"
    }
}
