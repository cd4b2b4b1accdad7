import NotebookDocument

/// The course site's first page: the title, every lesson with its subtitle, and the index of
/// exercises (each linked to its place in its lesson).
enum LandingPage {
    static func body(_ document: Document, numbering: DocumentNumbering, pageNames: [String]) throws -> String {
        var html = "<h1>\(HTMLEscaping.text(document.title))</h1>\n"
        if let subtitle = document.subtitle {
            html += "<p class=\"subtitle\">\(HTMLEscaping.text(subtitle))</p>\n"
        }
        html += "<h2 id=\"lessons\">Lessons</h2>\n<ol class=\"lesson-list\">"
        for (index, chapter) in document.chapters.enumerated() {
            html += "<li><a href=\"\(HTMLEscaping.attribute(pageNames[index]))\">\(HTMLEscaping.text(chapter.title))</a>"
            if let subtitle = chapter.subtitle { html += "<br><span class=\"lesson-subtitle\">\(HTMLEscaping.text(subtitle))</span>" }
            html += "</li>"
        }
        html += "</ol>\n"
        let exercises = numbering.entriesByChapter.flatMap { $0.filter { $0.kind == .exercise } }
        if !exercises.isEmpty {
            html += "<h2 id=\"exercises\">Index of exercises</h2>\n<table class=\"exercise-index\"><thead><tr>"
            html += "<th scope=\"col\">Exercise</th><th scope=\"col\">Title</th><th scope=\"col\">Lesson</th></tr></thead><tbody>"
            for entry in exercises {
                let link = pageNames[entry.chapterIndex] + "#" + entry.destination
                html += "<tr><td><a href=\"\(HTMLEscaping.attribute(link))\">\(HTMLEscaping.text(entry.number))</a></td>"
                html += "<td>\(HTMLEscaping.text(entry.title))</td>"
                html += "<td>\(HTMLEscaping.text(document.chapters[entry.chapterIndex].title))</td></tr>"
            }
            html += "</tbody></table>\n"
        }
        return html
    }
}
