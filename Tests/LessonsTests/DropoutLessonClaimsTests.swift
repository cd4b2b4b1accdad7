import Foundation
import NeuralKit
import Testing

@testable import Lessons

/// The claims the dropout lesson's prose makes, asserted on quick-mode runs of its experiments
/// for two base seeds (each run itself spans several seeds).
@Suite("Dropout lesson claims", .serialized)
struct DropoutLessonClaimsTests {
    static let seeds: [UInt64] = [7, 101]

    /// One quick run per base seed, shared by the tests below.
    static let runs: [UInt64: Result<DropoutLesson.Results, any Error>] = {
        BLAS.setThreadCount(1)
        var runs: [UInt64: Result<DropoutLesson.Results, any Error>] = [:]
        for seed in seeds {
            runs[seed] = Result { try DropoutLesson.runExperiments(seed: seed, quick: true) }
        }
        return runs
    }()

    static func results(_ seed: UInt64) throws -> DropoutLesson.Results {
        try #require(runs[seed]).get()
    }

    @Test("inverted dropout keeps the mean, and its variance is a²p/(1−p)", arguments: seeds)
    func invertedDropoutMath(seed: UInt64) throws {
        let math = try Self.results(seed).math
        let a = math.configuration.activation
        let n = Double(math.configuration.sampleCount)
        for row in math.rows {
            let p = row.probability
            #expect(row.meanErrorInStandardErrors(activation: a) < 4, "p = \(p): mean \(row.invertedMean)")
            #expect(row.varianceRelativeError < 0.05, "p = \(p): variance \(row.invertedVariance) vs \(row.formulaVariance)")
            let keptStandardError = (p * (1 - p) / n).squareRoot()
            #expect(abs(row.keptFraction - (1 - p)) < 4 * keptStandardError, "p = \(p): kept \(row.keptFraction)")
            #expect(row.evaluationIsIdentity)
            #expect(abs(row.standardInferenceOutput - (1 - p) * a) < 1e-9)
            #expect(abs(row.unscaledInferenceRatio - 1 / (1 - p)) / (1 / (1 - p)) < 0.05)
        }
    }

    @Test("forgetting eval() makes outputs random and costs accuracy on every seed", arguments: seeds)
    func evalTrap(seed: UInt64) throws {
        let trap = try Self.results(seed).evalTrap
        for run in trap.seeds {
            #expect(run.trainingModeDifference > 0)
            #expect(run.evaluationModeDifference == 0)
            #expect(run.evaluationAccuracy > run.trainingModeAccuracy)
        }
    }

    @Test("forgetting standard dropout's (1−p) barely moves accuracy but inflates confidence", arguments: seeds)
    func forgottenScaling(seed: UInt64) throws {
        let trap = try Self.results(seed).evalTrap
        for run in trap.seeds {
            #expect(run.standardUnscaled.confidence > run.standardScaled.confidence)
        }
        #expect(abs((trap.standardUnscaledAccuracy - trap.standardScaledAccuracy).mean) < 0.03)
    }

    @Test("with noisy labels, p = 0.5 memorises fewer flipped labels and validates better on every seed", arguments: seeds)
    func dropoutRate(seed: UInt64) throws {
        let ablation = try Self.results(seed).ablation
        let baseline = try #require(ablation.summary(for: 0))
        let half = try #require(ablation.summary(for: 0.5))
        for (withDropout, without) in zip(half.runs, baseline.runs) {
            #expect(withDropout.memorizedNoise < without.memorizedNoise)
            #expect(withDropout.finalValidationAccuracy > without.finalValidationAccuracy)
            // Dropout slows the training loss down: every step trains a different thinned network.
            #expect(withDropout.history.trainLoss.last! > without.history.trainLoss.last!)
        }
    }

    @Test("averaging more sampled sub-networks agrees better with weight scaling", arguments: seeds)
    func ensembleView(seed: UInt64) throws {
        let ensemble = try Self.results(seed).ensemble
        for (agreement, accuracy) in zip(ensemble.agreement, ensemble.sampledAccuracy) {
            #expect(agreement.last! > agreement.first!)
            #expect(accuracy.last! > accuracy.first!)
        }
    }

    @Test("Monte-Carlo variance is higher near the decision boundary on every seed", arguments: seeds)
    func monteCarloDropout(seed: UInt64) throws {
        let monteCarlo = try Self.results(seed).monteCarlo
        #expect(monteCarlo.seedsWhereNearExceedsFar == monteCarlo.configuration.seedCount)
    }

    @Test("the same seed reproduces the numbers exactly; another seed changes them")
    func reproducible() throws {
        BLAS.setThreadCount(1)
        let configuration = DropoutRateAblation.Configuration(seed: 7, quick: true)
        var small = configuration
        small.probabilities = [0.5]
        small.seedCount = 1
        small.epochs = 5
        let first = try DropoutRateAblation.run(small, narration: .silent)
        let second = try DropoutRateAblation.run(small, narration: .silent)
        small.seed = 8
        let other = try DropoutRateAblation.run(small, narration: .silent)
        #expect(first.rates[0].runs[0].history.validationLoss == second.rates[0].runs[0].history.validationLoss)
        #expect(first.rates[0].runs[0].history.trainLoss == second.rates[0].runs[0].history.trainLoss)
        #expect(first.rates[0].runs[0].history.trainLoss != other.rates[0].runs[0].history.trainLoss)
    }
}
