import Foundation

/// The course's references, read from one JSON file (`lessons/references.json`): an array of
/// entries `{"id", "authors", "title", "venue", "year", "doi"?, "url"?}` (see ``Reference``).
///
/// Reading checks every entry and reports the first mistake with the file, the entry and the fix:
/// a missing or mistyped field, an unknown field (with the nearest known one), an id that is not a
/// label or is used twice, a DOI that is not `10.<registrant>/<suffix>`, an address that is not
/// `http(s)://`.
public struct Bibliography: Sendable {
    /// The entries in file order.
    public let references: [Reference]
    private let byID: [String: Reference]

    /// The path of the file, relative to the package root.
    public static let path = "lessons/references.json"

    public init(_ references: [Reference]) throws {
        var byID: [String: Reference] = [:]
        for reference in references {
            if byID[reference.id] != nil {
                throw BibliographyError(file: "(memory)", entry: reference.id, problem: "the id is used twice; give each entry its own id")
            }
            byID[reference.id] = reference
        }
        self.references = references
        self.byID = byID
    }

    public subscript(id: String) -> Reference? { byID[id] }

    public var ids: [String] { references.map(\.id) }

    /// Reads and checks the references file at `url`; `file` names it in errors.
    public static func read(from url: URL, file: String = Bibliography.path) throws -> Bibliography {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw BibliographyError(file: file, entry: nil, problem: "cannot be read (\(error.localizedDescription))")
        }
        return try parse(data, file: file)
    }

    static let fields: Set<String> = ["id", "authors", "title", "venue", "year", "doi", "url"]

    /// Parses and checks the JSON text of a references file.
    public static func parse(_ data: Data, file: String = Bibliography.path) throws -> Bibliography {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw BibliographyError(
                file: file, entry: nil,
                problem: "is not valid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? error)); fix the syntax: an array of objects, strings in double quotes, commas between entries, none after the last")
        }
        guard let array = json as? [Any] else {
            throw BibliographyError(file: file, entry: nil, problem: "must be a JSON array of entries `[{\"id\": …, \"authors\": […], \"title\": …, \"venue\": …, \"year\": …}, …]`")
        }
        var references: [Reference] = []
        var seen: [String: Int] = [:]
        for (index, element) in array.enumerated() {
            let position = "entry \(index + 1)"
            guard let object = element as? [String: Any] else {
                throw BibliographyError(file: file, entry: position, problem: "is not an object; write `{\"id\": …, \"authors\": […], …}`")
            }
            let name = (object["id"] as? String).map { "\(position) (`\($0)`)" } ?? position
            func fail(_ problem: String) -> BibliographyError { BibliographyError(file: file, entry: name, problem: problem) }
            for key in object.keys.sorted() where !fields.contains(key) {
                throw fail("unknown field `\(key)`\(NameSuggestions.hint(for: key, in: fields)); the fields are id, authors, title, venue, year, doi and url")
            }
            func string(_ key: String, required: Bool) throws -> String? {
                guard let value = object[key], !(value is NSNull) else {
                    if required { throw fail("missing `\(key)`; every entry needs id, authors, title, venue and year") }
                    return nil
                }
                guard let text = value as? String, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw fail("`\(key)` must be a non-empty string")
                }
                return text
            }
            let id = try string("id", required: true)!
            guard SourcePreprocessor.isValidLabel(id) else {
                throw fail("the id `\(id)` may use only letters, digits and `-`, e.g. `srivastava2014`")
            }
            if let first = seen[id] {
                throw fail("the id `\(id)` is already used by entry \(first); give each entry its own id")
            }
            seen[id] = index + 1
            guard let authors = object["authors"] as? [Any] else {
                throw fail("`authors` must be an array of full names, e.g. [\"Nitish Srivastava\", \"Geoffrey Hinton\"]")
            }
            let names = authors.compactMap { ($0 as? String)?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !names.isEmpty, names.count == authors.count else {
                throw fail("`authors` must be a non-empty array of non-empty names, e.g. [\"Nitish Srivastava\", \"Geoffrey Hinton\"]")
            }
            let title = try string("title", required: true)!
            let venue = try string("venue", required: true)!
            guard let yearValue = object["year"] else { throw fail("missing `year`; every entry needs id, authors, title, venue and year") }
            guard let year = yearValue as? Int, !(yearValue is Bool), (1600...2200).contains(year) else {
                throw fail("`year` must be a whole number such as 2014, got \(yearValue)")
            }
            let doi = try string("doi", required: false)
            if let doi, !isDOI(doi) {
                throw fail("`doi` must look like `10.1109/CVPR.2019.00279` (no `https://doi.org/` prefix), got `\(doi)`")
            }
            let url = try string("url", required: false)
            if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://"))
                || url.contains(where: { $0.isWhitespace || "\"'<>\\".contains($0) }) {
                throw fail("`url` must be an http(s) address without spaces, quotes or angle brackets (percent-encode them), got `\(url)`")
            }
            references.append(Reference(id: id, authors: names, title: title, venue: venue, year: year, doi: doi, url: url))
        }
        return try Bibliography(references)
    }

    /// `10.<4–9 digits>/<suffix without spaces>`.
    static func isDOI(_ text: String) -> Bool {
        guard text.hasPrefix("10."), let slash = text.firstIndex(of: "/") else { return false }
        let registrant = text[text.index(text.startIndex, offsetBy: 3)..<slash]
        let suffix = text[text.index(after: slash)...]
        return (4...9).contains(registrant.count) && registrant.allSatisfy(\.isASCII) && registrant.allSatisfy(\.isNumber)
            && !suffix.isEmpty && !suffix.contains(where: \.isWhitespace)
    }
}

/// A mistake in the references file, naming the file, the entry and the fix:
///
///     lessons/references.json: entry 3 (`zhang2017`): missing `title`; every entry needs …
public struct BibliographyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// "entry 3 (`zhang2017`)", or `nil` for the file as a whole.
    public var entry: String?
    public var problem: String

    public var description: String {
        "\(file): " + (entry.map { "\($0): " } ?? "") + problem
    }
}
