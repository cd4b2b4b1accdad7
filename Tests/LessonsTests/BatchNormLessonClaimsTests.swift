import Foundation
import NeuralKit
import Notebook
import NotebookDocument
import Testing

@testable import Lessons

/// The claims the BatchNorm lesson's prose makes, asserted on quick-mode runs for two base seeds.
/// The tests read the same `Claim` objects the text prints its sentences from; the arithmetic of
/// one layer, which is not a comparison, is asserted on the typed results.
@Suite("BatchNorm lesson claims", .serialized)
struct BatchNormLessonClaimsTests {
    static let seeds: [UInt64] = [7, 101]

    typealias Run = (results: ResultsStore, products: ExperimentProducts)

    nonisolated(unsafe) static let runs: [UInt64: Result<Run, any Error>] = {
        BLAS.setThreadCount(1)
        var runs: [UInt64: Result<Run, any Error>] = [:]
        for seed in seeds {
            let builder = LessonBuilder(
                options: LessonOptions(seed: seed, quick: true), reporter: LessonReporter(output: .silent))
            runs[seed] = Result { try builder.runExperiments(BatchNormLesson.definition) }
        }
        return runs
    }()

    static func run(_ seed: UInt64) throws -> Run {
        try #require(runs[seed]).get()
    }

    /// The typed results, for the invariants that are not comparisons.
    struct Results {
        let mechanics: BatchNormMechanics.Result
        let varianceShift: VarianceShift.Result
    }

    static func results(_ seed: UInt64) throws -> Results {
        let products = try run(seed).products
        return Results(
            mechanics: try products.get(BatchNormMechanics.Result.self, for: "test"),
            varianceShift: try products.get(VarianceShift.Result.self, for: "test"))
    }

    static func claim(_ id: String, seed: UInt64) throws -> Claim {
        try #require(try run(seed).results.claims[id], "claim \(id) was not recorded")
    }

    /// The claims the quick runs must support: what each experiment exists to show. Left out
    /// because their verdict varies between seeds and the text says so: the dropout-before-BN order
    /// losing (by a point or two), the wrong orders costing under 5 points, BatchNorm alone at its
    /// best epoch, the recommended order against dropout alone, re-estimation's gain in the shallow
    /// network, and BatchNorm against LayerNorm at the largest batch.
    static let holding = [
        "larger-momentum-settles-sooner", "larger-momentum-wobbles-more", "cumulative-wobbles-less",
        "recommended-beats-relu-drop-bn", "bn-alone-worse-last-epoch", "bn-memorizes-more",
        "dropout-memorizes-less-than-bn", "shift-reaches-bound", "shift-grows-with-p", "recommended-first-unshifted",
        "recommended-second-shifted", "ordering-gap-remains-after-reestimation", "deep-shift-larger",
        "deep-reestimation-gain-larger", "depth-matters-more-than-batch", "bn-survives-largest-rate",
        "plain-fails-at-largest-rate", "bn-trains-at-largest-rate", "ln-beats-bn-batch-2",
        "forgetting-eval-costs-at-small-batches", "forgetting-eval-hides-at-large-batches",
    ]

    @Test("the claims the experiments exist to show hold in quick mode", arguments: seeds)
    func claimsHold(seed: UInt64) throws {
        for id in Self.holding {
            let claim = try Self.claim(id, seed: seed)
            #expect(claim.verdict == .holds, "\(id): \(claim.evidence.summary) (\(claim.evidence.measure))")
        }
    }

    @Test("every claim's verdict follows its values, and its seeds are its experiment's", arguments: seeds)
    func claimsFollowEvidence(seed: UInt64) throws {
        let results = try Self.run(seed).results
        #expect(results.orderedClaims.count >= 25)
        let allRunSeeds = Set(results.runSeeds.values.flatMap { $0 })
        for claim in results.orderedClaims {
            let (verdict, evidence) = claim.rule.evaluate(claim.evidence.values, measure: claim.measure)
            #expect(verdict == claim.verdict && evidence == claim.evidence, "\(claim.id)")
            #expect(!claim.seeds.isEmpty && Set(claim.seeds).isSubset(of: allRunSeeds), "\(claim.id)")
        }
    }

    @Test("one step: biased variance normalises, unbiased variance is stored with momentum", arguments: seeds)
    func oneStep(seed: UInt64) throws {
        let mechanics = try Self.results(seed).mechanics
        let n = Double(mechanics.configuration.batchSize)
        let m = mechanics.configuration.momentum
        for row in mechanics.rows {
            #expect(abs(row.unbiasedVariance - row.biasedVariance * n / (n - 1)) < 1e-9)
            #expect(abs(row.runningMean - m * row.batchMean) < 1e-5)
            #expect(abs(row.runningVariance - ((1 - m) + m * row.unbiasedVariance)) < 1e-4)
            #expect(abs(row.outputMean) < 1e-5)
            #expect(abs(row.outputVariance - 1) < 1e-3, "biased output variance \(row.outputVariance)")
            #expect(row.outputVariance < 1)
        }
    }

    @Test("a batch of one throws in training mode and works in evaluation mode", arguments: seeds)
    func batchOfOne(seed: UInt64) throws {
        let mechanics = try Self.results(seed).mechanics
        let message = try #require(mechanics.batchOfOneError)
        #expect(message.contains("eval()"))
        #expect(message.contains("BatchNorm1d"))
        #expect(mechanics.batchOfOneEvaluationMatches)
        #expect(!mechanics.evaluationChangedStatistics)
    }

    @Test("in the recommended order the first BatchNorm is unshifted at every p", arguments: seeds)
    func recommendedFirstLayer(seed: UInt64) throws {
        let result = try Self.results(seed).varianceShift
        for p in result.configuration.probabilities {
            let recommended = try #require(result.summary(.batchNormReLUDropout, dropout: p))
            #expect(abs(recommended.shift(layer: 0).mean - 1) < 0.1, "p = \(p): \(recommended.shift(layer: 0))")
        }
    }

    @Test("the same seed gives the same runs, whatever the number of jobs")
    func parallelIsDeterministic() throws {
        BLAS.setThreadCount(1)
        var settings = OrderingComparison.Configuration(quick: true)
        settings.orderings = [.batchNormReLUDropout, .batchNormOnly]
        settings.runs = 2
        settings.epochs = 3
        let seeds = SeedStream(base: 7, experiment: "orderings").seeds(2)
        let serial = try OrderingComparison.run(settings, seeds: seeds, baseSeed: 7, jobs: 1, narration: .silent)
        let parallel = try OrderingComparison.run(settings, seeds: seeds, baseSeed: 7, jobs: 2, narration: .silent)
        for (a, b) in zip(serial.orderings, parallel.orderings) {
            #expect(a.runs.map(\.validationCurve) == b.runs.map(\.validationCurve))
            #expect(a.runs.map(\.memorizedNoise) == b.runs.map(\.memorizedNoise))
        }
    }
}
