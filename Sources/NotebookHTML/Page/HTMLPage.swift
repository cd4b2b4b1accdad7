import NotebookDocument

/// One page of the HTML edition: the document head (language, character set, viewport, the
/// shipped stylesheet and script), a skip link, the sidebar, the text, previous/next links and the
/// run's provenance (seed, commit, toolchain) in the footer.
struct HTMLPage {
    var language: String
    var title: String
    var siteTitle: String
    /// Already rendered (escaped) HTML of the text.
    var body: String
    /// Already rendered HTML of the sidebar.
    var sidebar: String
    var metadata: DocumentMetadata
    var colophon: [DocumentMetadata.Field]
    /// (file name, title) of the neighbouring pages.
    var previous: (String, String)?
    var next: (String, String)?

    var html: String {
        var html = "<!DOCTYPE html>\n<html lang=\"\(HTMLEscaping.attribute(language))\">\n<head>\n"
        html += "<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<meta name=\"color-scheme\" content=\"light dark\">\n"
        html += "<title>\(HTMLEscaping.text(title))</title>\n"
        html += "<link rel=\"stylesheet\" href=\"assets/style.css\">\n"
        html += "<script src=\"assets/search-index.js\" defer></script>\n"
        html += "<script src=\"assets/site.js\" defer></script>\n"
        html += "</head>\n<body>\n"
        html += "<a class=\"skip\" href=\"#main\">Skip to the text</a>\n"
        html += "<header class=\"topbar\"><p class=\"site-title\">\(HTMLEscaping.text(siteTitle))</p>"
        html += "<form class=\"search\" role=\"search\" action=\"#\"><label for=\"search-input\">Search</label>"
        html += "<input id=\"search-input\" type=\"search\" autocomplete=\"off\" placeholder=\"e.g. dropout\">"
        html += "</form></header>\n"
        html += "<div class=\"search-results\" id=\"search-results\" aria-live=\"polite\" hidden></div>\n"
        html += "<div class=\"layout\">\n" + sidebar
        html += "<main id=\"main\" tabindex=\"-1\"><article>\n" + body + "</article>\n"
        html += pager
        html += "</main>\n</div>\n"
        html += footer
        html += "</body>\n</html>\n"
        return html
    }

    private var pager: String {
        guard previous != nil || next != nil else { return "" }
        var html = "<nav class=\"pager\" aria-label=\"Previous and next\">"
        if let (page, title) = previous {
            html += "<a class=\"previous\" rel=\"prev\" href=\"\(HTMLEscaping.attribute(page))\">← \(HTMLEscaping.text(title))</a>"
        }
        if let (page, title) = next {
            html += "<a class=\"next\" rel=\"next\" href=\"\(HTMLEscaping.attribute(page))\">\(HTMLEscaping.text(title)) →</a>"
        }
        return html + "</nav>\n"
    }

    /// Seed, commit, toolchain and the chapter's own lines (its seed in a course, its results file).
    private var footer: String {
        var fields: [DocumentMetadata.Field] = []
        if let seed = metadata.seed { fields.append(.init("Seed", "\(seed)")) }
        if let commit = metadata.commit { fields.append(.init("Commit", commit)) }
        if let toolchain = metadata.toolchain { fields.append(.init("Toolchain", toolchain)) }
        fields += metadata.extraFields
        for field in colophon where !fields.contains(where: { $0.name == field.name }) { fields.append(field) }
        var html = "<footer class=\"provenance\"><p>Every number, table and figure on this page came from one run:</p><dl>"
        for field in fields {
            html += "<div><dt>\(HTMLEscaping.text(field.name))</dt><dd>\(HTMLEscaping.text(field.value))</dd></div>"
        }
        return html + "</dl></footer>\n"
    }
}

/// The table of contents beside the text: every chapter, and the sections of the current one.
struct Sidebar {
    struct Chapter {
        var title: String
        var number: String?
        var page: String
        var outline: [(id: String, number: String?, title: String, level: Int)]
    }

    var siteTitle: String
    /// The landing page, in a course site.
    var landing: String?
    var chapters: [Chapter]

    func html(current: Int?) -> String {
        var html = "<nav class=\"sidebar\" aria-label=\"Contents\"><ul>"
        if let landing {
            let here = current == nil ? " aria-current=\"page\"" : ""
            html += "<li><a href=\"\(HTMLEscaping.attribute(landing))\"\(here)>Contents</a></li>"
        }
        for (index, chapter) in chapters.enumerated() {
            let here = index == current ? " aria-current=\"page\"" : ""
            let number = chapter.number.map { HTMLEscaping.text($0) + " " } ?? ""
            html += "<li><a href=\"\(HTMLEscaping.attribute(chapter.page))\"\(here)>\(number)\(HTMLEscaping.text(chapter.title))</a>"
            if index == current, !chapter.outline.isEmpty {
                html += "<ul>"
                for heading in chapter.outline {
                    let number = heading.number.map { HTMLEscaping.text($0) + " " } ?? ""
                    html += "<li class=\"level\(heading.level)\"><a href=\"#\(HTMLEscaping.attribute(heading.id))\">"
                        + "\(number)\(HTMLEscaping.text(heading.title))</a></li>"
                }
                html += "</ul>"
            }
            html += "</li>"
        }
        return html + "</ul></nav>\n"
    }
}
