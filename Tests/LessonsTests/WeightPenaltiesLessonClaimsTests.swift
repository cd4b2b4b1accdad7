import Foundation
import NeuralKit
import Notebook
import NotebookDocument
import Testing

@testable import Lessons

/// The claims the L1/L2 lesson's prose makes, asserted on quick-mode runs for two base seeds.
/// The tests read the same `Claim` objects the text prints its sentences from; exact invariants
/// (the shrinkage factor, the L1 optimality conditions, AdamW's uniform decay, max-norm's cap) are
/// asserted on the typed results.
@Suite("L1/L2 lesson claims", .serialized)
struct WeightPenaltiesLessonClaimsTests {
    static let seeds: [UInt64] = [7, 101]

    typealias Run = (results: ResultsStore, products: ExperimentProducts)

    /// One quick run per base seed, shared by the tests below.
    nonisolated(unsafe) static let runs: [UInt64: Result<Run, any Error>] = {
        BLAS.setThreadCount(1)
        var runs: [UInt64: Result<Run, any Error>] = [:]
        for seed in seeds {
            let builder = LessonBuilder(
                options: LessonOptions(seed: seed, quick: true), reporter: LessonReporter(output: .silent))
            runs[seed] = Result { try builder.runExperiments(WeightPenaltiesLesson.definition) }
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
    /// (whether the tuned penalties beat no penalty, whether the exact zeros single out irrelevant
    /// inputs, the sizes compared with the source) may go either way, and the text has a sentence
    /// for each verdict.
    static let holding = [
        "strongest-lambda-raises-training-error", "strongest-lambda-underfits", "penalty-shrinks-weights",
        "l1-more-near-zero-than-l2", "l2-more-near-zero-than-none",
        "proximal-makes-exact-zeros", "proximal-switches-off-irrelevant", "proximal-beats-none",
        "coupled-decay-uneven", "coupled-l2-shrinks-norm", "adamw-barely-shrinks-norm", "coupled-collapses-at-largest",
        "max-norm-caps-rows", "baseline-rows-exceed-c",
    ]

    @Test("the claims the experiments exist to show hold in quick mode", arguments: seeds)
    func claimsHold(seed: UInt64) throws {
        for id in Self.holding {
            let claim = try Self.claim(id, seed: seed)
            #expect(claim.verdict == .holds, "\(id): \(claim.evidence.summary) (\(claim.evidence.measure))")
        }
    }

    @Test("every claim names its run seeds; a claim's verdict follows its values", arguments: seeds)
    func claimsAreConsistent(seed: UInt64) throws {
        let results = try Self.run(seed).results
        #expect(results.orderedClaims.count == 27)
        for claim in results.orderedClaims {
            #expect(!claim.seeds.isEmpty, "\(claim.id)")
            let (verdict, evidence) = claim.rule.evaluate(claim.evidence.values, measure: claim.measure)
            #expect(verdict == claim.verdict && evidence == claim.evidence, "\(claim.id)")
        }
        let maxNormSeeds = try Self.claim("max-norm-beats-none", seed: seed).seeds
        #expect(maxNormSeeds == results.runSeeds["decoupled"])
    }

    @Test("one SGD step with zero data gradient multiplies each weight by 1 − ηλ")
    func shrinkageFactor() throws {
        let shrinkage = try Self.run(7).products.get(WeightDecayShrinkage.Result.self, for: "test")
        let predicted = shrinkage.predictedFactor
        #expect(predicted == 1 - shrinkage.configuration.learningRate * shrinkage.configuration.weightDecay)
        for factor in shrinkage.factors {
            #expect(abs(factor - predicted) / predicted < 1e-15, "factor \(factor) vs \(predicted)")
        }
        for (actual, expected) in zip(shrinkage.afterLongRun, shrinkage.predictedLongRun) {
            #expect(abs(actual - expected) / abs(expected) < 1e-12)
        }
        #expect(shrinkage.afterOneStepFloat == shrinkage.configuration.weights.map { Float($0 * predicted) })
    }

    @Test("the L1 path reaches an exact zero and satisfies the optimality conditions; the L2 path never does")
    func budgetPaths() throws {
        let paths = try Self.run(7).products.get(WeightDecayShrinkage.Result.self, for: "test").paths
        let first = try #require(paths.firstL1Zero)
        #expect(first > paths.configuration.lambdas.first!)
        #expect(paths.l2MinimumNonZero == 2)
        for (lambda, w) in zip(paths.configuration.lambdas, paths.l1Path) {
            let h = paths.configuration.curvature
            let d = [w[0] - paths.configuration.optimum[0], w[1] - paths.configuration.optimum[1]]
            let gradient = [h[0] * d[0] + h[1] * d[1], h[2] * d[0] + h[3] * d[1]]
            for i in 0..<2 {
                if w[i] != 0 {
                    #expect(abs(gradient[i] + lambda * (w[i] > 0 ? 1 : -1)) < 1e-9)
                } else {
                    #expect(abs(gradient[i]) <= lambda + 1e-9)
                }
            }
        }
    }

    @Test("exact zeros: none from the subgradient or L2, and a dead hidden unit zeroes its whole row", arguments: seeds)
    func exactZeros(seed: UInt64) throws {
        let products = try Self.run(seed).products
        let sparsity = try products.get(SparsityComparison.Result.self, for: "test")
        for arm in sparsity.arms { #expect(arm.exactZero.maximum == 0, "\(arm.arm) has exact zeros") }
        let features = try products.get(FeatureSelection.Result.self, for: "test")
        #expect(features.summary(.l1Subgradient).exactZero.maximum == 0)
        #expect(features.summary(.l2).exactZero.maximum == 0)
        #expect(features.summary(.l1Proximal).deadUnits.minimum > 0)
        #expect(features.summary(.none).deadUnits.maximum == 0)
    }

    @Test("AdamW decays every weight by exactly ηλ")
    func adamWUniformDecay() throws {
        let result = try Self.run(7).products.get(DecoupledWeightDecay.Result.self, for: "test")
        let c = result.configuration
        let adamW = result.arm(.adamW, c.referenceLambda)
        #expect(adamW.decayLargeGradients! == adamW.decaySmallGradients!)
        #expect(abs(adamW.decayLargeGradients!.mean - c.learningRate * c.referenceLambda) < 1e-15)
    }

    @Test("--set feature-selection.l1 changes the number in the text and the caption")
    func setChangesTextAndCaption() throws {
        BLAS.setThreadCount(1)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("regularize-l1l2-set-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let options = LessonOptions(
            seed: 7, quick: true, output: output.path, formats: [.png], only: ["feature-selection"],
            overrides: ["feature-selection.l1=0.03", "feature-selection.epochs=20"])
        let built = try LessonBuilder(options: options, reporter: LessonReporter(output: .silent))
            .build(WeightPenaltiesLesson.definition)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: built.resultsFile)) as? [String: Any])
        let values = try #require(json["values"] as? [String: [String: Any]])
        #expect((values["fs-l1"]?["value"] as? [String: Any])?["number"] as? Double == 0.03)
        let experiments = try #require(json["experiments"] as? [String: [String: Any]])
        #expect(experiments["feature-selection"]?["overrides"] as? [String: String] == ["l1": "0.03", "epochs": "20"])
        #expect(experiments["lambda-sweep"]?["ran"] as? Bool == false)
        let figures = try #require(json["figures"] as? [String: [String: Any]])
        let caption = try #require(figures["importance"]?["configuration"] as? String)
        #expect(caption.contains("λ₁ = 0.03") && caption.contains("20 epochs"))

        let text = try LessonSettingsTests.pdfText(built.pdf)
        #expect(text.contains("at the same λ1 = 0.03") || text.contains("at the same λ₁ = 0.03"), "\(text)")
        #expect(text.contains("set: epochs = 20, l1 = 0.03"))
        #expect(text.contains("Not run in this build"))
    }
}
