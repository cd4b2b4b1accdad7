import Foundation
import NeuralKit
import Notebook
import NotebookDocument
import Testing

@testable import Lessons

/// The claims the dropout lesson's prose makes, asserted on quick-mode runs for two base seeds.
/// The tests read the same `Claim` objects the text prints its sentences from, so a test and the
/// prose cannot check different things; the few invariants that are not comparisons (evaluation
/// mode is deterministic, the formulas) are asserted on the typed results directly.
@Suite("Dropout lesson claims", .serialized)
struct DropoutLessonClaimsTests {
    static let seeds: [UInt64] = [7, 101]

    typealias Run = (results: ResultsStore, products: ExperimentProducts)

    /// One quick run per base seed, shared by the tests below.
    nonisolated(unsafe) static let runs: [UInt64: Result<Run, any Error>] = {
        BLAS.setThreadCount(1)
        var runs: [UInt64: Result<Run, any Error>] = [:]
        for seed in seeds {
            let builder = LessonBuilder(
                options: LessonOptions(seed: seed, quick: true), reporter: LessonReporter(output: .silent))
            runs[seed] = Result { try builder.runExperiments(DropoutLesson.definition) }
        }
        return runs
    }()

    static func run(_ seed: UInt64) throws -> Run {
        try #require(runs[seed]).get()
    }

    static func claim(_ id: String, seed: UInt64) throws -> Claim {
        try #require(try run(seed).results.claims[id], "claim \(id) was not recorded")
    }

    /// The claims the quick runs must support (verdict `holds`). The text has a sentence for every
    /// verdict; these are the ones whose failure in quick mode would mean the experiment broke.
    static let holding = [
        "mean-within-chance", "forgetting-eval-costs-accuracy", "unscaled-accuracy-unchanged",
        "unscaled-more-confident", "scaled-underconfident", "unscaled-lower-loss", "unscaled-better-calibrated",
        "dropout-trains-slower", "dropout-memorizes-less", "dropout-beats-baseline-last-epoch",
        "baseline-peaks-then-declines", "dropout-peaks-later", "more-samples-agree-better",
        "mc-variance-peaks-at-boundary",
    ]

    @Test("the claims the experiments exist to show hold in quick mode", arguments: seeds)
    func claimsHold(seed: UInt64) throws {
        for id in Self.holding {
            let claim = try Self.claim(id, seed: seed)
            #expect(claim.verdict == .holds, "\(id): \(claim.evidence.summary) (\(claim.evidence.measure))")
        }
    }

    @Test("every claim names the run seeds behind it, and they are this base seed's", arguments: seeds)
    func claimSeeds(seed: UInt64) throws {
        let results = try Self.run(seed).results
        let ablationSeeds = try #require(results.runSeeds["rate-ablation"])
        for claim in results.orderedClaims {
            #expect(!claim.seeds.isEmpty, "\(claim.id)")
        }
        #expect(try Self.claim("dropout-memorizes-less", seed: seed).seeds == ablationSeeds)
    }

    @Test("inverted dropout keeps the mean, and its variance is a²p/(1−p)", arguments: seeds)
    func invertedDropoutMath(seed: UInt64) throws {
        let math = try Self.run(seed).products.get(InvertedDropoutMath.Result.self, for: "test")
        let n = Double(math.configuration.sampleCount)
        let a = math.configuration.activation
        for row in math.rows {
            let p = row.probability
            #expect(row.varianceRelativeError < 0.05, "p = \(p): variance \(row.invertedVariance) vs \(row.formulaVariance)")
            let keptStandardError = (p * (1 - p) / n).squareRoot()
            #expect(abs(row.keptFraction - (1 - p)) < 4 * keptStandardError, "p = \(p): kept \(row.keptFraction)")
            #expect(row.evaluationIsIdentity)
            #expect(abs(row.standardInferenceOutput - (1 - p) * a) < 1e-9)
            #expect(abs(row.unscaledInferenceRatio - 1 / (1 - p)) / (1 / (1 - p)) < 0.05)
        }
    }

    @Test("evaluation mode is deterministic and training mode is not, on every network", arguments: seeds)
    func evalTrap(seed: UInt64) throws {
        let trap = try Self.run(seed).products.get(EvalTrap.Result.self, for: "test")
        for run in trap.seeds {
            #expect(run.trainingModeDifference > 0)
            #expect(run.evaluationModeDifference == 0)
        }
    }

    @Test("a claim's verdict follows its values: the rule is applied to the recorded evidence", arguments: seeds)
    func verdictsFollowEvidence(seed: UInt64) throws {
        for claim in try Self.run(seed).results.orderedClaims {
            let (verdict, evidence) = claim.rule.evaluate(claim.evidence.values, measure: claim.measure)
            #expect(verdict == claim.verdict && evidence == claim.evidence, "\(claim.id)")
        }
    }

    @Test("the same seed reproduces the numbers exactly; another seed shares no run")
    func reproducible() throws {
        BLAS.setThreadCount(1)
        var settings = DropoutRateAblation.Settings(quick: true)
        settings.probabilities = [0, 0.5]
        settings.runs = 1
        settings.epochs = 5
        let seeds7 = SeedStream(base: 7, experiment: "rate-ablation").seeds(1)
        let seeds8 = SeedStream(base: 8, experiment: "rate-ablation").seeds(1)
        let first = try DropoutRateAblation.run(settings, seeds: seeds7, baseSeed: 7, jobs: 1, narration: .silent)
        let second = try DropoutRateAblation.run(settings, seeds: seeds7, baseSeed: 7, jobs: 1, narration: .silent)
        let other = try DropoutRateAblation.run(settings, seeds: seeds8, baseSeed: 8, jobs: 1, narration: .silent)
        #expect(first.rates[1].runs[0].history.validationLoss == second.rates[1].runs[0].history.validationLoss)
        #expect(first.rates[1].runs[0].history.trainLoss != other.rates[1].runs[0].history.trainLoss)
    }

    @Test("training runs on two threads give bit-identical results to one thread")
    func parallelIsDeterministic() throws {
        BLAS.setThreadCount(1)
        var settings = DropoutRateAblation.Settings(quick: true)
        settings.probabilities = [0, 0.5]
        settings.runs = 2
        settings.epochs = 4
        let seeds = SeedStream(base: 7, experiment: "rate-ablation").seeds(2)
        let serial = try DropoutRateAblation.run(settings, seeds: seeds, baseSeed: 7, jobs: 1, narration: .silent)
        let parallel = try DropoutRateAblation.run(settings, seeds: seeds, baseSeed: 7, jobs: 2, narration: .silent)
        for (a, b) in zip(serial.rates, parallel.rates) {
            for (x, y) in zip(a.runs, b.runs) {
                #expect(x.history.trainLoss == y.history.trainLoss)
                #expect(x.history.validationAccuracy == y.history.validationAccuracy)
                #expect(x.memorizedNoise == y.memorizedNoise)
            }
        }
    }
}
