import Foundation
import Testing

@testable import NotebookDocument
@testable import NotebookHTML

/// Citations and reference lists on the web pages: anchors that resolve, everything escaped.
@Suite struct ReferencesHTMLTests {
    static let hostile = Reference(
        id: "evil2020", authors: ["Mallory <img src=x onerror=alert(1)>"], title: "<script>alert(1)</script> & co",
        venue: "\"Venue\"", year: 2020, url: "https://example.org/?a=1&b=2")
    static let plain = Reference(
        id: "li2019", authors: ["Xiang Li"], title: "Variance Shift", venue: "CVPR", year: 2019, doi: "10.1109/CVPR.2019.00279")

    static func chapter(_ title: String, label: String) -> Chapter {
        Chapter(title: title, label: label, blocks: [
            .paragraph([
                .text("See "), .text("["), .internalLink(label: "cite-li2019", content: [.text("1")]), .text(", "),
                .internalLink(label: "cite-evil2020", content: [.text("2")]), .text("]."),
            ])
        ] + ReferenceList.section([plain, hostile]))
    }

    @Test("a citation links to its entry; a hostile entry is escaped")
    func lessonPage() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = try HTMLEdition().writeLesson(Document(title: "T", chapters: [Self.chapter("T", label: "t")]), into: folder)
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("<a href=\"#c1-citation-1\">1</a>") && html.contains("<a href=\"#c1-citation-2\">2</a>"))
        #expect(html.contains("<li id=\"c1-citation-1\"><span class=\"reference-number\">[1]</span> Xiang Li. Variance Shift. <em>CVPR</em>, 2019. <a href=\"https://doi.org/10.1109/CVPR.2019.00279\">doi:10.1109/CVPR.2019.00279</a></li>"))
        #expect(!html.contains("<script>alert") && !html.contains("<img src=x"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"))
        #expect(html.contains("href=\"https://example.org/?a=1&amp;b=2\""))
        let ids = Set(Self.matches(#"id="([^"]+)""#, in: html))
        for target in Self.matches(##"href="#([^"]+)""##, in: html) { #expect(ids.contains(target), "no element with id \(target)") }
    }

    @Test("a course site's appendix page lists the cited works with anchors")
    func appendix() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var chapters = [Self.chapter("One", label: "one")]
        chapters.append(try #require(Chapter.referencesAppendix(of: chapters)))
        let pages = try HTMLEdition().writeSite(Document(kind: .course, title: "C", chapters: chapters), into: folder)
        let appendix = try #require(pages.first { $0.lastPathComponent == "references-appendix.html" })
        let html = try String(contentsOf: appendix, encoding: .utf8)
        // Sorted by first author: Li before Mallory.
        let li = try #require(html.range(of: "id=\"c2-citation-1\"><span class=\"reference-number\">[1]</span> Xiang Li"))
        let mallory = try #require(html.range(of: "id=\"c2-citation-2\"><span class=\"reference-number\">[2]</span> Mallory &lt;img"))
        #expect(li.lowerBound < mallory.lowerBound)
        let one = try String(contentsOf: try #require(pages.first { $0.lastPathComponent == "one.html" }), encoding: .utf8)
        #expect(one.contains("<a href=\"#c1-citation-2\">2</a>"))
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: $0.numberOfRanges - 1), in: text).map { String(text[$0]) }
        }
    }
}
