import Foundation
import Testing

@testable import NotebookDocument

@Suite struct FrontResultsTests {
    @Test("results.json lists every result with its configuration and provenance, and reads back")
    func resultsFile() throws {
        let results = sampleResults()
        let provenance = Provenance(seed: 7, quick: true, commit: "abc123", toolchain: "Swift 6.3.1")
        let file = ResultsFile(
            store: results, provenance: provenance, figureFiles: ["curves": ["figures/curves.png"]],
            usedByText: ["val-accuracy"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("front-results-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("results.json")
        try file.write(to: url)
        let decoded = try JSONDecoder().decode(ResultsFile.self, from: Data(contentsOf: url))
        #expect(decoded.provenance == provenance)
        #expect(decoded.values["val-accuracy"]?.value == .number(0.9123))
        #expect(decoded.values["val-accuracy"]?.configuration == "digits, p = 0.5")
        #expect(decoded.values["seed-accuracies"]?.value == .sample([0.90, 0.92, 0.94]))
        #expect(decoded.values["best-rate"]?.value == .text("p = 0.5"))
        #expect(decoded.series["val-curve"]?.y == [0.5, 0.7, 0.8])
        #expect(decoded.tables["ablation"]?.columns == ["p", "val acc"])
        #expect(decoded.figures["curves"]?.files == ["figures/curves.png"])
        #expect(decoded.usedByText == ["val-accuracy"])
        // Same input, same bytes.
        #expect(try file.encoded() == Data(contentsOf: url))
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(text.contains("\"standardDeviation\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["results.json"])
    }

    @Test("sample statistics: mean, Bessel-corrected standard deviation, median")
    func statistics() {
        #expect(SampleStatistics.mean([1, 2, 3, 4]) == 2.5)
        #expect(abs(SampleStatistics.standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) - 2.138089935299395) < 1e-12)
        #expect(SampleStatistics.standardDeviation([3]) == 0)
        #expect(SampleStatistics.median([3, 1, 2]) == 2)
        #expect(SampleStatistics.median([4, 1, 2, 3]) == 2.5)
    }
}
