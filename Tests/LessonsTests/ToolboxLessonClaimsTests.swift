import Foundation
import NeuralKit
import Notebook
import NotebookDocument
import Testing

@testable import Lessons

/// The claims the toolbox lesson's prose makes, asserted on quick-mode runs for two base seeds
/// through the same `Claim` objects the text prints its sentences from; invariants that are not
/// comparisons (max-norm's bound, the linear decay rule, finite clipped norms) are asserted on the
/// typed results.
@Suite("Toolbox lesson claims", .serialized)
struct ToolboxLessonClaimsTests {
    static let seeds: [UInt64] = [7, 101]

    typealias Run = (results: ResultsStore, products: ExperimentProducts)

    /// One quick run per base seed, shared by the tests below.
    nonisolated(unsafe) static let runs: [UInt64: Result<Run, any Error>] = {
        BLAS.setThreadCount(1)
        var runs: [UInt64: Result<Run, any Error>] = [:]
        for seed in seeds {
            let builder = LessonBuilder(
                options: LessonOptions(seed: seed, quick: true), reporter: LessonReporter(output: .silent))
            runs[seed] = Result { try builder.runExperiments(ToolboxLesson.definition) }
        }
        return runs
    }()

    static func run(_ seed: UInt64) throws -> Run {
        try #require(runs[seed]).get()
    }

    static func claim(_ id: String, seed: UInt64) throws -> Claim {
        try #require(try run(seed).results.claims[id], "claim \(id) was not recorded")
    }

    /// The claims the quick runs must support (verdict `holds`): what each experiment exists to
    /// show. Whether each technique raises validation accuracy on this small split is the open
    /// question the playbook measures; its sentences follow the verdict.
    static let holding = [
        "mixup-widens-band", "mixup-less-confident", "mixup-fits-training-less", "input-noise-memorizes-less",
        "unconstrained-norms-exceed-c", "plain-runs-fail", "clipping-rescues", "clip-active-most-steps",
    ]

    @Test("the claims the experiments exist to show hold in quick mode", arguments: seeds)
    func claimsHold(seed: UInt64) throws {
        ClaimExpectations.expectHolds(Self.holding, in: try Self.run(seed).results.claims)
    }

    @Test("every claim names its run seeds, and its verdict follows its evidence", arguments: seeds)
    func claimsAreComplete(seed: UInt64) throws {
        let results = try Self.run(seed).results
        ClaimExpectations.expectComplete(results.orderedClaims, atLeast: 20)
        #expect(try Self.claim("dropout-helps", seed: seed).seeds == results.runSeeds["playbook"])
    }

    @Test("max-norm holds every hidden unit's weights within c", arguments: seeds)
    func maxNormBinds(seed: UInt64) throws {
        let playbook = try Self.run(seed).products.get(ToolboxPlaybook.Result.self, for: "test")
        let constrained = try #require(playbook.summary(.dropoutMaxNorm))
        #expect(constrained.largestRowNorm.maximum <= playbook.configuration.maxNorm * (1 + 1e-6))
    }

    @Test("the measured keep rates of stochastic depth follow the linear decay rule", arguments: seeds)
    func linearDecayRule(seed: UInt64) throws {
        let playbook = try Self.run(seed).products.get(ToolboxPlaybook.Result.self, for: "test")
        let depth = try #require(playbook.summary(.stochasticDepth))
        let plain = try #require(playbook.summary(.residual))
        let blocks = playbook.configuration.residualBlocks
        let pL = playbook.configuration.finalSurvivalProbability
        #expect(playbook.survivalProbabilities.count == blocks)
        for (index, p) in playbook.survivalProbabilities.enumerated() {
            #expect(abs(p - (1 - Double(index + 1) / Double(blocks) * (1 - pL))) < 1e-12)
            for run in depth.runs { #expect(abs(run.keptFractions[index] - p) < 0.03, "block \(index + 1)") }
            for run in plain.runs { #expect(run.keptFractions[index] == 1) }
        }
    }

    @Test("clipped runs keep finite gradient norms; unclipped norms reach far past c", arguments: seeds)
    func clippingTraces(seed: UInt64) throws {
        let clipping = try Self.run(seed).products.get(ClippingOnUnstableRun.Result.self, for: "test")
        #expect(clipping.clippedDivergedCount == 0)
        for run in clipping.clipped { #expect(run.gradientNorms.allSatisfy { $0.isFinite }) }
        #expect(clipping.plainLargestNorm.maximum > 100 * clipping.configuration.maxNorm)
    }

    @Test("each technique is compared with its reference on the same runs; max-norm with dropout", arguments: seeds)
    func playbookIsPaired(seed: UInt64) throws {
        let playbook = try Self.run(seed).products.get(ToolboxPlaybook.Result.self, for: "test")
        #expect(ToolboxPlaybook.Technique.dropoutMaxNorm.reference == .dropout)
        #expect(ToolboxPlaybook.Technique.stochasticDepth.reference == .residual)
        for technique in playbook.comparedTechniques {
            let gain = try #require(playbook.gain(technique))
            #expect(gain.count == playbook.configuration.runs)
            let summary = try #require(playbook.summary(technique))
            for run in summary.runs { #expect(run.bestValidationAccuracy >= run.validationAccuracy) }
        }
        #expect(Set(playbook.seeds).count == playbook.seeds.count)
    }

    @Test("--set reaches the clipping experiment: its number and caption follow the new setting")
    func setOneSetting() throws {
        BLAS.setThreadCount(1)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("regularize-toolbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let options = LessonOptions(
            seed: 7, quick: true, output: output.path, formats: [.png], only: ["clipping"],
            overrides: ["clipping.control-learning-rate=0.02", "clipping.epochs=3"])
        let built = try LessonBuilder(options: options, reporter: LessonReporter(output: .silent))
            .build(ToolboxLesson.definition)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: built.resultsFile)) as? [String: Any])
        let values = try #require(json["values"] as? [String: [String: Any]])
        #expect((values["clip-control-learning-rate"]?["value"] as? [String: Any])?["number"] as? Double == 0.02)
        #expect((values["clip-epochs"]?["value"] as? [String: Any])?["number"] as? Double == 3)
        let figures = try #require(json["figures"] as? [String: [String: Any]])
        let caption = try #require(figures["clipping-trace"]?["configuration"] as? String)
        #expect(caption.contains("control η = 0.02") && caption.contains("3 epochs"))
        let text = try LessonSettingsTests.pdfText(built.pdf)
        #expect(text.contains("smaller learning rate 0.02"))
        #expect(text.contains("set: control-learning-rate = 0.02, epochs = 3"))
        #expect(text.contains("Not run in this build"))
    }
}
