import Foundation
import NeuralKit
import Notebook
import NotebookDocument
import Testing

@testable import Lessons

/// `--only`, `--set` and `--list` on a real lesson: a changed setting reaches the numbers, the
/// captions, results.json and the PDF; a misspelt one is refused before any training.
@Suite("Lesson settings", .serialized)
struct LessonSettingsTests {
    /// A PDF's text as `pdftotext` reads it, searched the way a reader would: where a line ends
    /// in a hyphen, pdftotext joins it to the next line without the hyphen ("control-" +
    /// "learning-rate" → "controllearning-rate"), and where a line breaks depends on glyph widths.
    /// `contains` therefore compares with white space, hyphens and soft hyphens left out of both
    /// sides: a phrase must still appear in its order, only its line breaks do not matter.
    struct PDFText: CustomStringConvertible {
        var raw: String
        var description: String { raw }

        static func condensed(_ text: String) -> String {
            String(text.unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "-" && $0 != "\u{AD}" }.map(Character.init))
        }

        func contains(_ phrase: String) -> Bool {
            Self.condensed(raw).contains(Self.condensed(phrase))
        }
    }

    static func pdfText(_ url: URL) throws -> PDFText {
        PDFText(raw: try rawPDFText(url))
    }

    static func rawPDFText(_ url: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdftotext", "-enc", "UTF-8", url.path, "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "\u{00A0}", with: " ")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test("--only mc-dropout --set mc-dropout.passes=7: the PDF quotes T = 7, the caption says so, other sections carry a note")
    func setOneSetting() throws {
        BLAS.setThreadCount(1)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("regularize-set-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let options = LessonOptions(
            seed: 7, quick: true, output: output.path, formats: [.png], only: ["mc-dropout"],
            overrides: ["mc-dropout.passes=7", "mc-dropout.epochs=20"])
        let built = try LessonBuilder(options: options, reporter: LessonReporter(output: .silent))
            .build(DropoutLesson.definition)

        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: built.resultsFile)) as? [String: Any])
        let values = try #require(json["values"] as? [String: [String: Any]])
        #expect((values["mc-passes"]?["value"] as? [String: Any])?["number"] as? Double == 7)
        #expect((values["mc-epochs"]?["value"] as? [String: Any])?["number"] as? Double == 20)
        let experiments = try #require(json["experiments"] as? [String: [String: Any]])
        #expect(experiments["mc-dropout"]?["overrides"] as? [String: String] == ["passes": "7", "epochs": "20"])
        #expect(experiments["mc-dropout"]?["ran"] as? Bool == true)
        #expect(experiments["rate-ablation"]?["ran"] as? Bool == false)
        #expect(values["epochs"] == nil)  // the ablation did not run
        let figures = try #require(json["figures"] as? [String: [String: Any]])
        let caption = try #require(figures["mc-dropout"]?["configuration"] as? String)
        #expect(caption.contains("T = 7 passes") && caption.contains("20 epochs"))
        let claims = try #require(json["claims"] as? [String: Any])
        #expect(claims["mc-variance-peaks-at-boundary"] != nil)
        #expect(claims["dropout-memorizes-less"] == nil)

        let text = try Self.pdfText(built.pdf)
        #expect(text.contains("T = 7 passes over a grid"))
        #expect(text.contains("T = 7 passes, seed 7 (3 runs), quick run; set: epochs = 20, passes = 7"))
        #expect(text.contains("Not run in this build"))
        #expect(text.contains("swift run lesson-dropout --only rate-ablation"))
        #expect(text.contains("Claims in this run"))
    }

    @Test("a misspelt experiment or setting, or a value out of range, is refused with a did-you-mean and NeuralKit's message")
    func badSettings() throws {
        let cases: [([String], [String], [String])] = [
            (["mc-dropot"], [], ["no experiment `mc-dropot`", "did you mean `mc-dropout`"]),
            ([], ["rate-ablation.epoch=3"], ["no setting `epoch`", "did you mean `epochs`"]),
            ([], ["rate-ablation.probabilities=0,1.5"],
             ["--set rate-ablation.probabilities=0,1.5", "rate-ablation: probabilities = 1.5 is outside the allowed range [0.0, 1.0)"]),
            ([], ["rate-ablation.epochs=many"], ["`many` is not a whole number"]),
        ]
        for (only, overrides, expected) in cases {
            let options = LessonOptions(seed: 7, quick: true, only: only, overrides: overrides)
            let builder = LessonBuilder(options: options, reporter: LessonReporter(output: .silent))
            do {
                _ = try builder.plan(for: DropoutLesson.definition)
                Issue.record("accepted --only \(only) --set \(overrides)")
            } catch {
                for phrase in expected { #expect("\(error)".contains(phrase), "\(error)") }
            }
        }
    }

    @Test("--list names every experiment with its section and settings")
    func listing() throws {
        let builder = LessonBuilder(
            options: LessonOptions(quick: true, overrides: ["rate-ablation.epochs=9"]),
            reporter: LessonReporter(output: .silent))
        let text = try builder.listing(DropoutLesson.definition)
        for experiment in DropoutLesson.definition.plan {
            #expect(text.contains("\(experiment.id)  [section \(experiment.section)]"))
        }
        #expect(text.contains("epochs           = 9 "))
        #expect(text.contains("Int, [1, 5000]: epochs per run  (default 60)"))
        #expect(text.contains("focus-rate"))
    }
}
