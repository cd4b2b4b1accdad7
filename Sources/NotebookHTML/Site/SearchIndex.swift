import Foundation
import NotebookDocument

/// One searchable place: a section of a page with its text.
struct SearchEntry: Codable {
    var title: String
    var url: String
    var text: String
}

/// The client-side search's index: every section's plain text, as a script that sets
/// `window.REGULARIZE_SEARCH` (a script rather than a JSON file, because browsers refuse to
/// `fetch` files from `file://`). JSON encoding escapes quotes and `/`, so no text can end the
/// script.
enum SearchIndex {
    static func entries(
        chapter: Chapter, page: String, outline: [(id: String, number: String?, title: String, level: Int)]
    ) -> [SearchEntry] {
        var entries: [SearchEntry] = []
        var title = chapter.title
        var anchor = ""
        var text = ""
        var headingIndex = 0
        func flush() {
            if !text.isEmpty || anchor.isEmpty {
                entries.append(SearchEntry(title: title, url: page + anchor, text: text))
            }
            text = ""
        }
        func collect(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .heading(let heading) where heading.level <= 2:
                    flush()
                    if headingIndex < outline.count {
                        let entry = outline[headingIndex]
                        anchor = "#" + entry.id
                        title = chapter.title + " › " + (entry.number.map { $0 + " " } ?? "") + entry.title
                        headingIndex += 1
                    }
                case .heading(let heading): text += heading.content.plainText + " "
                case .paragraph(let content): text += content.plainText + " "
                case .figure(let figure): text += figure.caption.plainText + " "
                case .table(let table):
                    text += table.caption.plainText + " "
                    text += table.header.map(\.plainText).joined(separator: " ") + " "
                case .code(let code): text += (code.caption?.plainText ?? "") + " "
                case .callout(let callout):
                    text += (callout.title?.plainText ?? callout.kind.defaultTitle) + " "
                    collect(callout.blocks)
                case .exercise(let exercise):
                    text += exercise.title.plainText + " "
                    collect(exercise.blocks)
                case .list(let list): list.items.forEach(collect)
                case .blockQuote(let content): collect(content)
                case .quiz(let quiz):
                    text += quiz.question.plainText + " " + quiz.options.map(\.text.plainText).joined(separator: " ") + " "
                case .explorer(let explorer): text += explorer.caption.plainText + " "
                case .references(let list):
                    text += list.entries.map { $0.reference.formatted.plainText }.joined(separator: " ") + " "
                case .displayMath, .thematicBreak, .pageBreak: break
                }
            }
        }
        collect(chapter.blocks)
        flush()
        return entries
    }

    static func script(_ entries: [SearchEntry]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(entries)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        // `<` is escaped too, so that even an inline copy of this script could not be closed.
        return "window.REGULARIZE_SEARCH = " + json.replacingOccurrences(of: "<", with: "\\u003c") + ";\n"
    }
}
