import Foundation
import NeuralKit
import Notebook
import Testing

@testable import Lessons

/// Every registered lesson builds in quick mode: its source names only results, figures, snippets
/// and labels that exist, so a typo in a lesson cannot reach `main`.
@Suite("Lessons build", .serialized)
struct LessonBuildTests {
    @Test("every lesson in the catalog builds its PDF, figures and results.json in quick mode",
        arguments: LessonCatalog.all.map(\.name))
    func buildsInQuickMode(name: String) throws {
        BLAS.setThreadCount(1)
        let lesson = try #require(LessonCatalog.all.first { $0.name == name })
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("regularize-lesson-test-\(name)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let options = LessonOptions(seed: 7, quick: true, output: output.path, formats: [.png])
        let builder = LessonBuilder(options: options, reporter: LessonReporter(output: .silent))
        let built = try builder.build(lesson)
        #expect(FileManager.default.fileExists(atPath: built.pdf.path))
        #expect(built.pageCount >= 3)
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: built.resultsFile)) as? [String: Any]
        let values = try #require(results?["values"] as? [String: Any])
        #expect(!values.isEmpty)
        #expect(!built.figureFiles.isEmpty)
    }
}
