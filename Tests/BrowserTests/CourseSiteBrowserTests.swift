import Foundation
import Lessons
import Notebook
import Testing

/// The course site (every lesson, quick mode, HTML edition only), opened page by page from
/// `file://` in headless Chromium: no console error, no failed or external request, every image
/// loaded, every internal link and cross-reference resolved, valid HTML, search finds a term.
/// Screenshots of a lesson page (wide and narrow, light and dark) go to
/// `.build/browser-screenshots/` for review.
@Suite(.serialized) struct CourseSiteBrowserTests {
    @Test("the course site loads cleanly in Chromium, its links resolve and its search works")
    func courseSite() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("site-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let options = LessonOptions(quick: true, output: folder.path, formats: [.png], editions: [.html])
        let reporter = LessonReporter(output: TerminalOutput(isInteractive: false, write: { _ in }))
        let course = try CourseBuilder(options: options, packageRoot: BrowserHarness.packageRoot, reporter: reporter)
            .build(LessonCatalog.all)
        // The landing page, one page per lesson and the references appendix (the lessons cite papers).
        #expect(course.sitePages.count == course.lessons.count + 2)
        #expect(course.sitePages.contains { $0.lastPathComponent == "references-appendix.html" })

        let screenshots = BrowserHarness.packageRoot.appendingPathComponent(".build/browser-screenshots")
        let run = try await BrowserHarness.run(
            "check_site.py",
            [folder.appendingPathComponent("site").path, "--search", "weight decay", "--screenshots", screenshots.path,
             "--screenshot-page", "dropout.html"])
        #expect(run.status == 0, "browser check failed:\n\(run.output)")
        #expect(run.output.contains("\"failures\": []"))
        #expect(run.output.contains("Weight decay"), "the search for 'weight decay' should find the L1/L2 lesson")

        // Every explorer and quick check of every page, driven as a reader would; the dropout
        // lesson has two explorers (masks with a training/inference toggle and Animate, and the
        // rate slider) and three quick checks.
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("site").path)
            .filter { $0.hasSuffix(".html") }.sorted().map { folder.appendingPathComponent("site/\($0)").path }
        let interactive = try await BrowserHarness.run(
            "interactive_test.py", pages + ["--expect", "dropout.html:2:3", "--screenshots", screenshots.path],
            timeout: 300)
        #expect(interactive.status == 0, "interactive check failed:\n\(interactive.output)")
    }

    @Test("the checker fails a broken page: bad markup, a console error, a missing image, a dead link and anchor")
    func checkerCatchesBrokenPages() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = #"""
            <!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p>a</span>
            <img src="missing.png" alt=""><a href="#nowhere">x</a><a href="other.html">y</a>
            <script>console.error("boom")</script></body></html>
            """#
        try Data(page.utf8).write(to: folder.appendingPathComponent("index.html"))
        let run = try await BrowserHarness.run("check_site.py", [folder.path])
        #expect(run.status == 1)
        for failure in ["invalid HTML", "boom", "image not loaded", "missing anchor", "broken link", "failed request"] {
            #expect(run.output.contains(failure), "the checker missed: \(failure)\n\(run.output)")
        }
    }
}
