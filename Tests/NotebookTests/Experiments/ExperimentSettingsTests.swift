import Foundation
import Testing

import NotebookDocument

@testable import Notebook

/// A tiny experiment's settings, declared the way lessons declare theirs.
struct ToySettings: ExperimentSettings {
    var epochs = 60
    var rates = [0.0, 0.5]

    init(quick: Bool) {
        if quick { epochs = 5 }
    }

    static let declarations: [SettingDeclaration<ToySettings>] = [
        SettingDeclaration(
            name: "epochs", type: "Int", range: "[1, 100]", summary: "epochs", read: { "\($0.epochs)" },
            write: { settings, text in
                guard let value = Int(text), (1...100).contains(value) else {
                    throw SettingError("epochs = \(text) is outside the allowed range [1, 100]")
                }
                settings.epochs = value
            }),
        SettingDeclaration(
            name: "rates", type: "[Double]", range: "each in [0, 1)", summary: "rates",
            read: { $0.rates.map { "\($0)" }.joined(separator: ",") },
            write: { settings, text in settings.rates = text.split(separator: ",").compactMap { Double($0) } }),
    ]
}

@Suite struct ExperimentSettingsTests {
    @Test("a sheet lists values and defaults, sets a value, and says which ones were overridden")
    func sheet() throws {
        var sheet = SettingsSheet(experiment: "toy", ToySettings.self, quick: true)
        #expect(sheet.entries.map(\.value) == ["5", "0.0,0.5"])
        try sheet.set("epochs", to: "9")
        #expect(sheet.value(as: ToySettings.self).epochs == 9)
        #expect(sheet.overrides.map(\.name) == ["epochs"])
        #expect(sheet.overrides.first?.defaultValue == "5")
    }

    @Test("an unknown setting gets a did-you-mean; a bad value names the option, the value and the range")
    func errors() throws {
        var sheet = SettingsSheet(experiment: "toy", ToySettings.self, quick: false)
        #expect(throws: SettingError.self) { try sheet.set("epoch", to: "3") }
        do {
            try sheet.set("epoch", to: "3")
        } catch {
            #expect("\(error)".contains("did you mean `epochs`"))
        }
        do {
            try sheet.set("epochs", to: "0")
            Issue.record("epochs = 0 was accepted")
        } catch {
            #expect("\(error)" == "--set toy.epochs=0: epochs = 0 is outside the allowed range [1, 100]")
        }
        #expect(sheet.value(as: ToySettings.self).epochs == 60)
    }

    @Test("--set splits at the first dot and the first equals sign; malformed ones are refused")
    func splitting() {
        let parsed = LessonOptions.splitOverride("rate-ablation.probabilities=0,0.1,0.3")
        #expect(parsed?.experiment == "rate-ablation" && parsed?.setting == "probabilities" && parsed?.value == "0,0.1,0.3")
        #expect(LessonOptions.splitOverride("epochs=3") == nil)
        #expect(LessonOptions.splitOverride("rate-ablation.epochs") == nil)
    }

    @Test("--jobs 0 or -1 is refused naming the value and the fix")
    func badJobs() throws {
        for value in ["0", "-1"] {
            do {
                _ = try LessonOptions.parse(["--jobs", value])
                Issue.record("--jobs \(value) was accepted")
            } catch {
                let message = LessonOptions.message(for: error)
                #expect(message.contains("--jobs \(value)"))
                #expect(message.contains("--jobs 1"))
            }
        }
    }
}
