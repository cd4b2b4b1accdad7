/// The numbers of a document's sections, figures, tables, listings, labelled equations and
/// exercises, and the lookup of labels for cross-references.
///
/// Numbers are given in reading order (depth first: the blocks inside call-outs, lists, quotes and
/// exercises count where they stand). In a lesson (``Document/Kind/lesson``) they are `1, 2, …`
/// and sections `1, 1.1, …`; in a course they carry the chapter number: `3.1, 3.2, …` and
/// sections `3.1, 3.1.1, …`. Figures, tables, listings, equations and exercises are each counted
/// separately.
///
/// The front end may use this to check its references before typesetting; the typesetter uses it
/// to print the numbers.
public struct DocumentNumbering: Sendable {
    /// What a label names; decides the word in "Figure 3".
    public enum Kind: String, Sendable, Equatable {
        case chapter, section, figure, table, listing, equation, exercise, quiz
        /// An entry of a reference list: numbered "[3]" inside its own chapter (never with the
        /// chapter's number), in the list's order.
        case citation

        /// The word printed before the number in a reference.
        public var word: String {
            switch self {
            case .chapter: return "Chapter"
            case .section: return "Section"
            case .figure: return "Figure"
            case .table: return "Table"
            case .listing: return "Listing"
            case .equation: return "Equation"
            case .exercise: return "Exercise"
            case .quiz: return "Quick check"
            case .citation: return "Reference"
            }
        }
    }

    /// One numbered thing.
    public struct Entry: Sendable, Equatable {
        public var kind: Kind
        /// The number as printed: `"3"`, `"2.1"`; for equations with parentheses: `"(4)"`.
        public var number: String
        /// The index of the chapter it is in.
        public var chapterIndex: Int
        /// Its label, if any.
        public var label: String?
        /// The name of its PDF destination (unique in the document).
        public var destination: String
        /// Its title in plain text: the chapter or section title, the exercise title, the caption
        /// of a figure, table or listing; empty for equations.
        public var title: String

        /// "Figure 3", "Equation (4)".
        public var reference: String { "\(kind.word) \(number)" }
    }

    /// Numbered things of each chapter, in reading order (chapter entries first).
    public private(set) var entriesByChapter: [[Entry]]
    private var labelsByChapter: [[String: Entry]]
    private var entriesByLabel: [String: [Entry]]

    /// Numbers `document`; throws ``TypesettingError/duplicateLabel(_:chapter:)`` when a label is
    /// used twice in one chapter and ``TypesettingError/invalidHeadingLevel(_:heading:chapter:)``
    /// for a heading level outside 1...3.
    public init(_ document: Document) throws {
        entriesByChapter = []
        labelsByChapter = []
        entriesByLabel = [:]
        let isCourse = document.kind == .course
        for (chapterIndex, chapter) in document.chapters.enumerated() {
            var counter = Counter(chapterIndex: chapterIndex, isCourse: isCourse)
            var entries: [Entry] = []
            if isCourse || chapter.label != nil {
                entries.append(counter.entry(.chapter, label: chapter.label, title: chapter.title))
            }
            try counter.walk(chapter.blocks, chapter: chapter.title, into: &entries)
            var labels: [String: Entry] = [:]
            for entry in entries {
                guard let label = entry.label else { continue }
                if labels[label] != nil {
                    throw TypesettingError.duplicateLabel(label, chapter: chapter.title)
                }
                labels[label] = entry
                entriesByLabel[label, default: []].append(entry)
            }
            entriesByChapter.append(entries)
            labelsByChapter.append(labels)
        }
    }

    /// The entry a reference to `label` from chapter `chapterIndex` points to: the chapter's own
    /// entry if it has one, otherwise the only entry with that label in the document.
    public func resolve(_ label: String, fromChapter chapterIndex: Int) throws -> Entry {
        if chapterIndex < labelsByChapter.count, let entry = labelsByChapter[chapterIndex][label] {
            return entry
        }
        let matches = entriesByLabel[label] ?? []
        if matches.count == 1 { return matches[0] }
        throw TypesettingError.unknownLabel(label, chapterIndex: chapterIndex, candidates: matches.count)
    }

    /// Hands out numbers while walking a chapter's blocks.
    private struct Counter {
        let chapterIndex: Int
        let isCourse: Bool
        var section = 0
        var subsection = 0
        var counts: [Kind: Int] = [:]

        init(chapterIndex: Int, isCourse: Bool) {
            self.chapterIndex = chapterIndex
            self.isCourse = isCourse
        }

        var chapterNumber: String { String(chapterIndex + 1) }

        mutating func entry(_ kind: Kind, label: String?, title: String) -> Entry {
            let number: String
            switch kind {
            case .chapter:
                number = chapterNumber
            case .section:
                let local = subsection == 0 ? "\(section)" : "\(section).\(subsection)"
                number = isCourse ? "\(chapterNumber).\(local)" : local
            default:
                counts[kind, default: 0] += 1
                let local = String(counts[kind]!)
                let plain = isCourse ? "\(chapterNumber).\(local)" : local
                number = kind == .equation ? "(\(plain))" : plain
            }
            let destination = "c\(chapterIndex + 1)-\(kind.rawValue)-"
                + number.filter { $0 != "(" && $0 != ")" }
            return Entry(
                kind: kind, number: number, chapterIndex: chapterIndex, label: label,
                destination: destination, title: title)
        }

        /// A reference list's entry keeps the list's own number.
        func citationEntry(_ item: ReferenceList.Entry) -> Entry {
            Entry(
                kind: .citation, number: String(item.number), chapterIndex: chapterIndex,
                label: item.reference.label, destination: "c\(chapterIndex + 1)-citation-\(item.number)",
                title: item.reference.title)
        }

        mutating func walk(_ blocks: [Block], chapter: String, into entries: inout [Entry]) throws {
            for block in blocks {
                if case .references(let list) = block {
                    entries += list.entries.map(citationEntry)
                    continue
                }
                if let entry = try number(block, chapter: chapter) { entries.append(entry) }
                for children in block.childBlocks {
                    try walk(children, chapter: chapter, into: &entries)
                }
            }
        }

        mutating func number(_ block: Block, chapter: String) throws -> Entry? {
            switch block {
            case .heading(let heading):
                guard (1...3).contains(heading.level) else {
                    throw TypesettingError.invalidHeadingLevel(
                        heading.level, heading: heading.content.plainText, chapter: chapter)
                }
                guard heading.level <= 2, heading.numbered else { return nil }
                if heading.level == 1 {
                    section += 1
                    subsection = 0
                } else {
                    subsection += 1
                }
                return entry(.section, label: heading.label, title: heading.content.plainText)
            case .figure(let figure):
                return entry(.figure, label: figure.label, title: figure.caption.plainText)
            case .table(let table):
                return entry(.table, label: table.label, title: table.caption.plainText)
            case .code(let code):
                guard code.caption != nil || code.label != nil else { return nil }
                return entry(.listing, label: code.label, title: code.caption?.plainText ?? "")
            case .displayMath(let math):
                guard math.label != nil else { return nil }
                return entry(.equation, label: math.label, title: "")
            case .exercise(let exercise):
                return entry(.exercise, label: exercise.label, title: exercise.title.plainText)
            case .explorer(let explorer):
                return entry(.figure, label: explorer.label, title: explorer.caption.plainText)
            case .quiz(let quiz):
                return entry(.quiz, label: quiz.label, title: quiz.question.plainText)
            default: return nil
            }
        }
    }
}

extension Block {
    /// The block sequences nested inside this block, in reading order.
    public var childBlocks: [[Block]] {
        switch self {
        case .callout(let callout): return [callout.blocks]
        case .exercise(let exercise): return [exercise.blocks]
        case .list(let list): return list.items
        case .blockQuote(let blocks): return [blocks]
        default: return []
        }
    }
}
