import NeuralKit
import Testing
@testable import Playground

@Suite("Playground configuration: parsing and validation")
struct RunConfigurationTests {
    @Test func emptyQueryIsTheDefaultConfiguration() throws {
        #expect(try RunConfiguration(query: "") == RunConfiguration.defaults)
        #expect(try RunConfiguration(query: "?") == RunConfiguration.defaults)
    }

    @Test func queryRoundTripsEverySetting() throws {
        var c = RunConfiguration()
        c.dataset = .spirals; c.trainCount = 321; c.dataNoise = 0.07; c.labelNoise = 0.15; c.width = 17; c.depth = 3
        c.activation = .gelu; c.normalization = .layerNorm; c.dropout = 0.35; c.l1 = 1e-5; c.l2 = 0.003
        c.patience = 7; c.minDelta = 0.001; c.inputNoise = 0.1; c.mixup = 0; c.maxNorm = 2.5; c.clipNorm = 1
        c.optimizer = .adamW; c.learningRate = 0.0031; c.batchSize = 16; c.epochs = 42; c.seed = 18_446_744_073_709_551_615
        let parsed = try RunConfiguration(query: c.queryString)
        #expect(parsed == c)
        #expect(parsed.queryString == c.queryString)
        // Every key appears once, in the documented order.
        #expect(c.queryString.split(separator: "&").map { String($0.split(separator: "=")[0]) } == RunConfiguration.queryKeys)
    }

    @Test func percentEncodingAndCaseAreRead() throws {
        let c = try RunConfiguration(query: "DATASET=Two%2DMoons&dropout=0%2E5&patience=off")
        #expect(c.dataset == .twoMoons)
        #expect(c.dropout == 0.5)
        #expect(c.patience == nil)
    }

    @Test func unknownDatasetNamesTheChoices() {
        #expect {
            try RunConfiguration(query: "dataset=mnist")
        } throws: { error in
            "\(error)" == "dataset = \"mnist\": unknown name; choose one of two-moons, circles, spirals, noisy-sine, digits"
        }
    }

    @Test func unknownKeysDuplicatesAndNonNumbersAreRefused() {
        #expect(throws: ConfigurationError.self) { try RunConfiguration(query: "dropuot=0.5") }
        #expect(throws: ConfigurationError.self) { try RunConfiguration(query: "seed=1&seed=2") }
        #expect(throws: ConfigurationError.self) { try RunConfiguration(query: "width=1e9") }
        #expect(throws: ConfigurationError.self) { try RunConfiguration(query: "lr=fast") }
        #expect(throws: ConfigurationError.self) { try RunConfiguration(query: "seed=-1") }
        #expect(throws: ConfigurationError.self) {
            try RunConfiguration(query: String(repeating: "a", count: RunConfiguration.maximumQueryLength + 1))
        }
    }

    /// The page shows the library's own message, word for word.
    @Test func rangeErrorsCarryNeuralKitsOwnMessage() throws {
        func refusal(_ query: String) throws -> InvalidSettingError? {
            do { _ = try PreparedRun(try RunConfiguration(query: query)) } catch let error as InvalidSettingError { return error }
            return nil
        }
        func message(_ build: () throws -> Any) -> String {
            do { _ = try build(); return "no error" } catch { return "\(error)" }
        }
        let generator = RandomGenerator(seed: 1)
        #expect(try refusal("dropout=1.5") == InvalidSettingError(
            setting: "dropout", message: message { try Dropout<Float>(probability: 1.5, generator: generator) }))
        #expect(try refusal("l2=-0.1") == InvalidSettingError(setting: "l2", message: message { try L2Penalty(strength: -0.1) }))
        #expect(try refusal("l1=-1") == InvalidSettingError(setting: "l1", message: message { try L1Penalty(strength: -1) }))
        #expect(try refusal("patience=-2") == InvalidSettingError(
            setting: "patience", message: message { try EarlyStopping(patience: -2) }))
        #expect(try refusal("mixup=-1") == InvalidSettingError(setting: "mixup", message: message { try Mixup(alpha: -1) }))
        #expect(try refusal("maxnorm=-3") == InvalidSettingError(
            setting: "maxnorm", message: message { try MaxNormConstraint(maxNorm: -3) }))
        #expect(try refusal("clip=-1")?.setting == "clip")
        #expect(try refusal("inputnoise=-0.5")?.setting == "inputnoise")
        #expect(try refusal("noise=-1")?.setting == "noise")
        #expect(try refusal("lr=-0.1")?.message.contains("learningRate = -0.1") == true)
        #expect(try refusal("opt=adamw&l2=-1")?.setting == "l2")
        #expect(try refusal("labelnoise=1.5")?.message.contains("fraction = 1.5") == true)
        #expect(try refusal("dataset=noisy-sine&labelnoise=0.2")?.setting == "labelnoise")
        #expect(try refusal("dataset=noisy-sine&mixup=0.4")?.setting == "mixup")
        #expect(try refusal("dropout=nan")?.setting == "dropout")
    }

    /// Sizes beyond the server's limits are refused before anything is allocated, with the limit in
    /// the message.
    @Test func sizeLimitsAreStatedInTheError() throws {
        for (query, name) in [("width=1000000000", "width"), ("depth=100", "depth"), ("n=100000", "n (training examples)"),
                              ("epochs=100000", "epochs"), ("batch=0", "batch"), ("dataset=digits&n=1500", "n (training examples)")] {
            do {
                _ = try PreparedRun(try RunConfiguration(query: query))
                Issue.record("\(query) was accepted")
            } catch let error as InvalidSettingError {
                #expect(error.setting == "size")
                #expect(error.message.contains("\(name) = "), "\(error.message)")
                #expect(error.message.contains("server limit: networks up to 256 wide and 6 deep"))
            }
        }
    }

    @Test func everyPresetBuildsAndRoundTrips() throws {
        #expect(Preset.all.count >= 8)
        #expect(Set(Preset.all.map(\.lesson)).isSuperset(of: ["overfitting", "dropout", "l1-l2", "batchnorm", "early-stopping", "toolbox"]))
        for preset in Preset.all {
            #expect(try RunConfiguration(query: preset.configuration.queryString) == preset.configuration)
            _ = try PreparedRun(preset.configuration)
        }
    }
}

/// The lessons' figure captions link to presets; each link opens exactly its preset's configuration.
@Suite("Playground links in the lessons")
struct PresetLinkTests {
    @Test func everyFigureLinkOpensItsPresetsConfiguration() throws {
        var linked = 0
        for preset in Preset.all where !preset.figures.isEmpty {
            let links = Preset.links(forLesson: preset.lesson)
            for figure in preset.figures {
                let url = try #require(links[figure])
                #expect(url.hasPrefix("http://127.0.0.1:\(Preset.defaultPort)/?"))
                let query = String(url.drop { $0 != "?" }.dropFirst())
                #expect(try RunConfiguration(query: query) == preset.configuration, "\(preset.name)")
                linked += 1
            }
        }
        #expect(linked >= 3)
        #expect(Preset.links(forLesson: "dropout")["ablation-curves"] != nil)
        #expect(Preset.links(forLesson: "no-such-lesson").isEmpty)
    }
}
