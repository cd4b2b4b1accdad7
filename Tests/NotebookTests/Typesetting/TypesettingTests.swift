import Foundation
import Testing
@testable import Notebook

@Suite(.serialized) struct TypesettingTests {
    @Test("a lesson with every block kind typesets to a readable A4 PDF")
    func lessonPDF() throws {
        let directory = try temporaryDirectory()
        let url = directory.appendingPathComponent("lesson.pdf")
        let pages = try PDFTypesetter().write(SampleDocuments.lesson(), to: url)
        #expect(pages >= 2)
    }
}

/// A fresh folder for a test's PDFs; `TYPESETTING_PREVIEW=/some/folder` keeps them there to look at.
func temporaryDirectory() throws -> URL {
    if let preview = ProcessInfo.processInfo.environment["TYPESETTING_PREVIEW"] {
        let url = URL(fileURLWithPath: preview)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("typesetting-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite(.serialized) struct CourseTypesettingTests {
    @Test("a course gets a title page, contents with page numbers and an exercise index")
    func coursePDF() throws {
        let directory = try temporaryDirectory()
        let url = directory.appendingPathComponent("course.pdf")
        let pages = try PDFTypesetter().write(SampleDocuments.course(), to: url)
        #expect(pages >= 6)
    }
}
