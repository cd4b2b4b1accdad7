/// One entry of the course's references file (`lessons/references.json`): a paper or book that a
/// lesson cites with `` {cite}`id` ``.
public struct Reference: Sendable, Equatable {
    /// The citation key, e.g. `srivastava2014`: letters, digits and `-`.
    public var id: String
    /// Full names in the paper's order, e.g. `["Nitish Srivastava", "Geoffrey Hinton"]`.
    public var authors: [String]
    public var title: String
    /// Journal, proceedings or publisher, with volume and pages where they exist.
    public var venue: String
    public var year: Int
    /// A DOI such as `10.1109/CVPR.2019.00279` (without `https://doi.org/`), when one exists.
    public var doi: String?
    /// A web address of the paper (`https://…`), when one exists.
    public var url: String?

    public init(
        id: String, authors: [String], title: String, venue: String, year: Int, doi: String? = nil,
        url: String? = nil
    ) {
        self.id = id
        self.authors = authors
        self.title = title
        self.venue = venue
        self.year = year
        self.doi = doi
        self.url = url
    }

    /// The label a citation links to: `cite-<id>` (local to the chapter that lists the entry).
    public var label: String { "cite-\(id)" }

    /// "A", "A and B", "A, B and C".
    public var authorList: String {
        guard authors.count > 1 else { return authors.first ?? "" }
        return authors.dropLast().joined(separator: ", ") + " and " + authors.last!
    }

    /// The surname of the first author (its last word), for sorting.
    public var firstSurname: String {
        authors.first.flatMap { $0.split(separator: " ").last.map(String.init) } ?? ""
    }

    /// The entry as printed in a reference list, the same in every edition:
    /// "Authors. Title. *Venue*, year. doi:… (or the address)", the DOI or address a link.
    public var formatted: [Inline] {
        var content: [Inline] = [
            .text("\(authorList). \(title)\(title.last.map { ".?!".contains($0) } == true ? "" : ".") "),
            .emphasis([.text(venue)]),
            .text(", \(year)."),
        ]
        if let doi {
            content += [.text(" "), .link(url: "https://doi.org/\(doi)", content: [.text("doi:\(doi)")])]
        }
        if let url {
            content += [.text(" "), .link(url: url, content: [.text(url)])]
        }
        return content
    }
}

extension ReferenceList {
    /// The section that ends a lesson: an unnumbered "References" heading and the list, or
    /// nothing when the lesson cites nothing.
    public static func section(_ references: [Reference], title: String = "References") -> [Block] {
        guard !references.isEmpty else { return [] }
        return [
            .heading(Heading(level: 1, [.text(title)], label: "sec-references", numbered: false)),
            .references(ReferenceList(references)),
        ]
    }
}

extension Chapter {
    /// The course's appendix of references: every work the chapters' reference lists hold, once,
    /// sorted by first author's surname, year and title, each with the chapters that cite it.
    /// `nil` when no chapter cites anything.
    public static func referencesAppendix(of chapters: [Chapter], title: String = "Appendix: references") -> Chapter? {
        var works: [String: (reference: Reference, citedIn: [String])] = [:]
        for chapter in chapters {
            for case .references(let list) in chapter.blocks {
                for entry in list.entries {
                    works[entry.reference.id, default: (entry.reference, [])].citedIn.append(chapter.title)
                }
            }
        }
        guard !works.isEmpty else { return nil }
        let sorted = works.values.sorted {
            ($0.reference.firstSurname, $0.reference.year, $0.reference.title, $0.reference.id)
                < ($1.reference.firstSurname, $1.reference.year, $1.reference.title, $1.reference.id)
        }
        let count = sorted.count
        return Chapter(
            title: title, label: "references-appendix",
            blocks: [
                .paragraph([
                    .text("The \(count) work\(count == 1 ? "" : "s") the lessons cite, sorted by the first author's name. Each lesson numbers its own citations and lists them at its end.")
                ]),
                .references(ReferenceList(sorted.map(\.reference))),
            ])
    }
}
