import Foundation
import NotebookDocument

/// Writes a ``Document`` as HTML pages that work offline, from `file://` or any static host: no
/// CDN, no server, no external request. The stylesheet, the small script and the search index
/// ship in `assets/`; figures are SVG files in `assets/figures/`; math is MathML Core.
///
/// - A lesson (``Document/Kind/lesson``) becomes `index.html`.
/// - A course becomes a site: `index.html` (the landing page: every lesson, the index of
///   exercises), one page per chapter (`<chapter label>.html`), each with a sidebar table of
///   contents, previous/next links and the run's provenance, and a search over the course.
public struct HTMLEdition: Sendable {
    /// The page language (`lang`).
    public var language: String

    public init(language: String = "en") {
        self.language = language
    }

    /// Writes `document` (a lesson) into `folder` as `index.html` and `assets/`; returns the page.
    @discardableResult
    public func writeLesson(_ document: Document, into folder: URL) throws -> URL {
        let pages = try write(document, into: folder, pageName: { _ in "index.html" }, landing: false)
        return pages[0]
    }

    /// Writes `document` (a course) into `folder` as a site; returns every page written, the
    /// landing page first.
    @discardableResult
    public func writeSite(_ document: Document, into folder: URL) throws -> [URL] {
        try write(document, into: folder, pageName: { Self.pageName(of: document.chapters[$0], index: $0) }, landing: true)
    }

    /// A chapter's file name: its label when it is a safe slug, else `chapter-<n>.html`.
    static func pageName(of chapter: Chapter, index: Int) -> String {
        if let label = chapter.label, !label.isEmpty, label.count <= 64,
            label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }),
            label != "index"
        {
            return label + ".html"
        }
        return "chapter-\(index + 1).html"
    }

    private func write(
        _ document: Document, into folder: URL, pageName: (Int) -> String, landing: Bool
    ) throws -> [URL] {
        let numbering = try DocumentNumbering(document)
        let figures = folder.appendingPathComponent("assets/figures")
        try createFolder(figures)
        let names = document.chapters.indices.map(pageName)

        // Render every chapter first: the sidebar needs every chapter's outline.
        var bodies: [String] = []
        var outlines: [[(id: String, number: String?, title: String, level: Int)]] = []
        var searchEntries: [SearchEntry] = []
        for (index, chapter) in document.chapters.enumerated() {
            var renderer = ChapterRenderer(
                numbering: numbering, chapterIndex: index, chapterTitle: chapter.title,
                href: { entry in
                    entry.chapterIndex == index ? "#" + entry.destination : names[entry.chapterIndex] + "#" + entry.destination
                },
                writeFigure: { figure, entry in
                    let name = entry.destination + ".svg"
                    try SVGFigureWriter.write(figure.drawing, to: figures.appendingPathComponent(name))
                    return "assets/figures/" + name
                })
            bodies.append(try renderer.blocks(chapter.blocks))
            outlines.append(renderer.outline)
            searchEntries += SearchIndex.entries(chapter: chapter, page: names[index], outline: renderer.outline)
        }

        let chapterNumbers = numbering.entriesByChapter.map { $0.first { $0.kind == .chapter }?.number }
        let sidebar = Sidebar(
            siteTitle: document.title, landing: landing ? "index.html" : nil,
            chapters: document.chapters.enumerated().map { index, chapter in
                Sidebar.Chapter(
                    title: chapter.title, number: document.kind == .course ? chapterNumbers[index] : nil,
                    page: names[index], outline: outlines[index])
            })
        var written: [URL] = []
        let assets = folder.appendingPathComponent("assets")
        try writeFile(Assets.stylesheet + Assets.interactiveStylesheet, to: assets.appendingPathComponent("style.css"))
        try writeFile(Assets.script + Assets.interactiveScript, to: assets.appendingPathComponent("site.js"))
        try writeFile(SearchIndex.script(searchEntries), to: assets.appendingPathComponent("search-index.js"))

        if landing {
            let page = HTMLPage(
                language: language, title: document.title, siteTitle: document.title,
                body: try LandingPage.body(document, numbering: numbering, pageNames: names),
                sidebar: sidebar.html(current: nil), metadata: document.metadata, colophon: [],
                previous: nil, next: names.first.map { ($0, document.chapters[0].title) })
            let url = folder.appendingPathComponent("index.html")
            try writeFile(page.html, to: url)
            written.append(url)
        }
        for (index, chapter) in document.chapters.enumerated() {
            var header = "<h1>"
            if document.kind == .course, let number = chapterNumbers[index] {
                header += "<span class=\"number\">\(HTMLEscaping.text(number))</span> "
            }
            header += HTMLEscaping.text(chapter.title) + "</h1>\n"
            if let subtitle = chapter.subtitle {
                header += "<p class=\"subtitle\">\(HTMLEscaping.text(subtitle))</p>\n"
            }
            let previous: (String, String)? =
                index > 0 ? (names[index - 1], document.chapters[index - 1].title) : (landing ? ("index.html", "Contents") : nil)
            let next: (String, String)? =
                index + 1 < document.chapters.count ? (names[index + 1], document.chapters[index + 1].title) : nil
            let page = HTMLPage(
                language: language,
                title: document.kind == .course ? "\(chapter.title) · \(document.title)" : chapter.title,
                siteTitle: document.title, body: header + bodies[index], sidebar: sidebar.html(current: index),
                metadata: document.metadata, colophon: chapter.colophon, previous: previous, next: next)
            let url = folder.appendingPathComponent(names[index])
            try writeFile(page.html, to: url)
            written.append(url)
        }
        return written
    }

    private func createFolder(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw HTMLEditionError.cannotWrite(path: url.path, reason: "\(error.localizedDescription)")
        }
    }

    private func writeFile(_ text: String, to url: URL) throws {
        do {
            try AtomicFile.write(Data(text.utf8), to: url)
        } catch {
            throw HTMLEditionError.cannotWrite(path: url.path, reason: "\(error)")
        }
    }
}
