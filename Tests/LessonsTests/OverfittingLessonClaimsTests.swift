import Foundation
import NeuralKit
import Testing

@testable import Lessons

/// The claims the overfitting lesson's prose makes, asserted on quick-mode runs of its
/// experiments for two base seeds (each run itself spans several seeds or training sets).
@Suite("Overfitting lesson claims", .serialized)
struct OverfittingLessonClaimsTests {
    static let seeds: [UInt64] = [7, 101]

    /// One quick run per base seed, shared by the tests below.
    static let runs: [UInt64: Result<OverfittingLesson.Results, any Error>] = {
        BLAS.setThreadCount(1)
        var runs: [UInt64: Result<OverfittingLesson.Results, any Error>] = [:]
        for seed in seeds {
            runs[seed] = Result { try OverfittingLesson.runExperiments(seed: seed, quick: true) }
        }
        return runs
    }()

    static func results(_ seed: UInt64) throws -> OverfittingLesson.Results {
        try #require(runs[seed]).get()
    }

    @Test("training loss falls throughout while validation loss bottoms out and rises", arguments: seeds)
    func divergencePoint(seed: UInt64) throws {
        let divergence = try Self.results(seed).divergence
        let epochs = divergence.configuration.epochs
        for run in divergence.runs {
            let fit = run.fit
            #expect(fit.bestEpoch < epochs, "seed \(run.seed): minimum at the last epoch")
            #expect(fit.finalTrainLoss < fit.trainLossAtBest, "seed \(run.seed): training loss did not fall further")
            #expect(fit.finalValidationLoss > fit.bestValidationLoss, "seed \(run.seed): validation loss did not rise")
            // The recorded minimum is the minimum of the recorded curve.
            #expect(fit.bestValidationLoss == fit.history.validationLoss.min())
        }
        #expect(divergence.seedsThatDiverged * 2 > divergence.runs.count, "\(divergence.validationRise)")
    }

    @Test("the final training loss is below the noise variance and the final curve is farther from sin x", arguments: seeds)
    func fittingTheNoise(seed: UInt64) throws {
        let divergence = try Self.results(seed).divergence
        let noise = divergence.configuration.problem.noiseVariance
        for run in divergence.runs {
            #expect(run.fit.finalTrainLoss < noise, "seed \(run.seed): \(run.fit.finalTrainLoss)")
        }
        #expect(divergence.finalCurveError.mean > divergence.bestCurveError.mean)
        #expect(SeedSummary.agreement(divergence.finalCurveError, divergence.bestCurveError) { $0 > $1 } * 2 > divergence.runs.count)
    }

    @Test("capacity: training loss falls with width, test error traces a U", arguments: seeds)
    func capacityU(seed: UInt64) throws {
        let capacity = try Self.results(seed).capacity
        let (smallest, best, largest) = (capacity.smallest, capacity.best, capacity.largest)
        #expect(best.width != smallest.width && best.width != largest.width, "best width \(best.width)")
        #expect(smallest.testError.mean > best.testError.mean)
        #expect(largest.testError.mean > best.testError.mean)
        #expect(largest.trainLoss.mean < best.trainLoss.mean)
        #expect(best.trainLoss.mean < smallest.trainLoss.mean)
        #expect(SeedSummary.agreement(largest.trainLoss, best.trainLoss) { $0 < $1 } * 2 > largest.trainLoss.count)
        #expect(largest.parametersPerSample > 100)
    }

    @Test("bias² + variance + noise adds up to the measured test error", arguments: seeds)
    func biasVarianceAddsUp(seed: UInt64) throws {
        let capacity = try Self.results(seed).capacity
        for d in capacity.decompositions {
            #expect(abs(d.discrepancyInStandardErrors) < 4, "h = \(d.width): sum \(d.sum), measured \(d.measuredError)")
            #expect(abs(d.sum - d.measuredError) / d.measuredError < 0.05)
            // Bias² + variance is the mean squared distance from the truth; both are non-negative.
            #expect(d.biasSquared >= 0 && d.variance >= 0)
        }
        #expect(capacity.smallest.biasSquared > capacity.largest.biasSquared)
        #expect(capacity.largest.variance > capacity.best.variance)
    }

    @Test("random labels are memorised: training accuracy near 100 %, validation at chance, slower", arguments: seeds)
    func randomLabels(seed: UInt64) throws {
        let memorization = try Self.results(seed).memorization
        for run in memorization.runs(.random) {
            #expect(run.finalTrainAccuracy > 0.97, "seed \(run.seed)")
            // Class-level coincidences spread single runs (see the lesson); never near real labels.
            #expect(run.finalValidationAccuracy < 0.4, "seed \(run.seed): \(run.finalValidationAccuracy)")
            #expect(run.epochsToFit != nil)
        }
        #expect(abs(memorization.validationAccuracy(.random).mean - 0.1) < 0.1)
        for run in memorization.runs(.real) {
            #expect(run.finalTrainAccuracy > 0.99)
            #expect(run.finalValidationAccuracy > 0.85)
        }
        for (random, real) in zip(memorization.runs(.random), memorization.runs(.real)) {
            #expect((random.epochsToFit ?? 1_000_000) > 2 * (real.epochsToFit ?? 1_000_000), "seed \(random.seed)")
        }
    }

    @Test("diagnosis: underfitting trains above the noise, overfitting far below it with the largest gap", arguments: seeds)
    func diagnosis(seed: UInt64) throws {
        let capacity = try Self.results(seed).capacity
        let noise = capacity.configuration.problem.noiseVariance
        #expect(capacity.smallest.trainLoss.mean > noise)
        #expect(capacity.largest.trainLoss.mean < noise / 2)
        #expect(capacity.largest.gap.mean > capacity.best.gap.mean)
        #expect(capacity.largest.gap.mean > capacity.smallest.gap.mean)
        #expect(capacity.largest.ratio.mean > capacity.best.ratio.mean)
        #expect(capacity.best.ratio.mean > capacity.smallest.ratio.mean)
    }
}
