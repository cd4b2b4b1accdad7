import Foundation
import NeuralKit
import Notebook
import NotebookDocument
import Testing

@testable import Lessons

/// The claims the overfitting lesson's prose makes, asserted on quick-mode runs for two base
/// seeds. The tests read the same `Claim` objects the text prints its sentences from; invariants
/// that are not comparisons (the recorded minimum is the curve's minimum, bias² + variance is the
/// distance from the truth, the run seeds) are asserted on the typed results.
@Suite("Overfitting lesson claims", .serialized)
struct OverfittingLessonClaimsTests {
    static let seeds: [UInt64] = [7, 101]

    typealias Run = (results: ResultsStore, products: ExperimentProducts)

    /// One quick run per base seed, shared by the tests below.
    nonisolated(unsafe) static let runs: [UInt64: Result<Run, any Error>] = {
        BLAS.setThreadCount(1)
        var runs: [UInt64: Result<Run, any Error>] = [:]
        for seed in seeds {
            let builder = LessonBuilder(
                options: LessonOptions(seed: seed, quick: true), reporter: LessonReporter(output: .silent))
            runs[seed] = Result { try builder.runExperiments(OverfittingLesson.definition) }
        }
        return runs
    }()

    static func run(_ seed: UInt64) throws -> Run {
        try #require(runs[seed]).get()
    }

    static func claim(_ id: String, seed: UInt64) throws -> Claim {
        try #require(try run(seed).results.claims[id], "claim \(id) was not recorded")
    }

    /// The claims each experiment exists to show; the quick runs must support them. The others
    /// (where the bottom of the U lies, whether it rises again on the right, whether the largest
    /// width varies more, whether every one of three runs ends below σ²) are honestly uncertain at
    /// this size, and the text has a sentence for each verdict.
    static let holding = [
        "training-loss-keeps-falling", "final-curve-farther-from-truth",
        "smallest-width-underfits", "largest-width-fits-training-best", "decomposition-adds-up",
        "underfit-trains-above-noise", "overfit-trains-below-noise", "ratio-good-above-underfit",
        "random-labels-memorized", "true-labels-generalize-random-do-not", "random-labels-fit-slower",
    ]

    @Test("the claims the experiments exist to show hold in quick mode", arguments: seeds)
    func claimsHold(seed: UInt64) throws {
        for id in Self.holding {
            let claim = try Self.claim(id, seed: seed)
            #expect(claim.verdict == .holds, "\(id): \(claim.evidence.summary) (\(claim.evidence.measure))")
        }
    }

    @Test("every claim is recorded with its run seeds, which are this base seed's", arguments: seeds)
    func claimSeeds(seed: UInt64) throws {
        let results = try Self.run(seed).results
        #expect(results.orderedClaims.count == 19)
        for claim in results.orderedClaims { #expect(!claim.seeds.isEmpty, "\(claim.id)") }
        let capacitySeeds = try #require(results.runSeeds["capacity"])
        #expect(try Self.claim("largest-width-worse-than-best", seed: seed).seeds == capacitySeeds)
        #expect(capacitySeeds == SeedStream(base: seed, experiment: "capacity").seeds(capacitySeeds.count))
        #expect(Set(capacitySeeds).isDisjoint(with: SeedStream(base: seed + 1, experiment: "capacity").seeds(capacitySeeds.count)))
    }

    @Test("a claim's verdict follows its values: the rule is applied to the recorded evidence", arguments: seeds)
    func verdictsFollowEvidence(seed: UInt64) throws {
        for claim in try Self.run(seed).results.orderedClaims {
            let (verdict, evidence) = claim.rule.evaluate(claim.evidence.values, measure: claim.measure)
            #expect(verdict == claim.verdict && evidence == claim.evidence, "\(claim.id)")
        }
    }

    @Test("the recorded minimum is the minimum of the validation curve, and before the last epoch", arguments: seeds)
    func divergenceInvariants(seed: UInt64) throws {
        let divergence = try Self.run(seed).products.get(DivergencePoint.Result.self, for: "test")
        for run in divergence.runs {
            #expect(run.fit.bestValidationLoss == run.fit.history.validationLoss.min())
            #expect(run.fit.bestEpoch < divergence.configuration.epochs, "seed \(run.seed): minimum at the last epoch")
        }
    }

    @Test("bias² and variance are non-negative and add up to the mean squared distance from sin x", arguments: seeds)
    func biasVarianceInvariants(seed: UInt64) throws {
        let capacity = try Self.run(seed).products.get(CapacitySweep.Result.self, for: "test")
        for d in capacity.decompositions {
            #expect(d.biasSquared >= 0 && d.variance >= 0)
            // The per-set shares of the variance average to the variance.
            #expect(abs(d.setVariance.mean - d.variance) < 1e-12 * max(1, d.variance))
            #expect(abs(d.sum - d.measuredError) / d.measuredError < 0.05, "h = \(d.width)")
        }
    }

    @Test("--set divergence.epochs changes the number in the text and the caption")
    func setChangesTextAndCaption() throws {
        BLAS.setThreadCount(1)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("regularize-of-set-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let options = LessonOptions(
            seed: 7, quick: true, output: output.path, formats: [.png], only: ["divergence"],
            overrides: ["divergence.epochs=240", "divergence.rise-margin=0.25"])
        let built = try LessonBuilder(options: options, reporter: LessonReporter(output: .silent))
            .build(OverfittingLesson.definition)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: built.resultsFile)) as? [String: Any])
        let values = try #require(json["values"] as? [String: [String: Any]])
        #expect((values["div-epochs"]?["value"] as? [String: Any])?["number"] as? Double == 240)
        let experiments = try #require(json["experiments"] as? [String: [String: Any]])
        #expect(experiments["divergence"]?["overrides"] as? [String: String] == ["epochs": "240", "rise-margin": "0.25"])
        #expect(experiments["capacity"]?["ran"] as? Bool == false)
        let figures = try #require(json["figures"] as? [String: [String: Any]])
        let caption = try #require(figures["divergence"]?["configuration"] as? String)
        #expect(caption.contains("240 epochs"))
        let claims = try #require(json["claims"] as? [String: [String: Any]])
        let measure = try #require((claims["validation-loss-turns-up"]?["evidence"] as? [String: Any])?["measure"] as? String)
        #expect(measure.contains("more than 25 %"))

        let text = try LessonSettingsTests.pdfText(built.pdf)
        #expect(text.contains("Full-batch Adam (η = 0.003) ran for 240 epochs"))
        #expect(text.contains("240 epochs, first run of seed 7 (3 runs), quick run; set: epochs = 240, rise-margin = 0.25"))
        #expect(text.contains("Counting a rise of more than 25 % as a turn"))
        #expect(text.contains("Not run in this build"))
    }
}
