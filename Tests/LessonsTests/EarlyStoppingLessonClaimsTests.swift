import Foundation
import NeuralKit
import Testing

@testable import Lessons

/// The claims the early-stopping lesson's prose makes, asserted on quick-mode runs of its
/// experiments for two base seeds (each run itself spans several seeds).
@Suite("Early-stopping lesson claims", .serialized)
struct EarlyStoppingLessonClaimsTests {
    static let seeds: [UInt64] = [7, 101]

    /// One quick run per base seed, shared by the tests below.
    static let runs: [UInt64: Result<EarlyStoppingLesson.Results, any Error>] = {
        BLAS.setThreadCount(1)
        var runs: [UInt64: Result<EarlyStoppingLesson.Results, any Error>] = [:]
        for seed in seeds {
            runs[seed] = Result { try EarlyStoppingLesson.runExperiments(seed: seed, quick: true) }
        }
        return runs
    }()

    static func results(_ seed: UInt64) throws -> EarlyStoppingLesson.Results {
        try #require(runs[seed]).get()
    }

    @Test("the run overfits: training loss falls on, validation loss turns, memorisation grows", arguments: seeds)
    func runOverfits(seed: UInt64) throws {
        let trajectory = try Self.results(seed).trajectory
        for run in trajectory.runs {
            #expect(run.bestEpoch < run.epochs, "seed \(run.seed): best epoch is the last")
            #expect(run.trainLoss.last! < run.trainLoss[run.bestEpoch - 1], "seed \(run.seed)")
            #expect(run.last.memorizedNoise > run.restored.memorizedNoise, "seed \(run.seed)")
        }
    }

    @Test("the trainer stops every run, where the replay of the same rule says", arguments: seeds)
    func trainerMatchesReplay(seed: UInt64) throws {
        let results = try Self.results(seed)
        #expect(results.stopped.stoppedCount == results.setup.seedCount)
        #expect(results.replayAgreement == results.setup.seedCount)
        for run in results.stopped.runs {
            #expect(run.stoppedEpoch == run.restoredEpoch + results.setup.patience)
        }
        // The restored network of the trainer is the best epoch of the full run.
        for (stopped, full) in zip(results.stopped.runs, results.trajectory.runs) {
            #expect(abs(stopped.validationLoss - full.restored.validationLoss) < 1e-6)
        }
    }

    @Test("restoring the best epoch beats keeping the last on every seed", arguments: seeds)
    func restoreBest(seed: UInt64) throws {
        let trajectory = try Self.results(seed).trajectory
        #expect(SeedSummary.agreement(trajectory.lastLoss, trajectory.restoredLoss) { $0 > $1 } == trajectory.runs.count)
        #expect(trajectory.restoredAccuracy.mean > trajectory.lastAccuracy.mean)
        #expect(
            SeedSummary.agreement(trajectory.restoredMemorized, trajectory.lastMemorized) { $0 < $1 }
                == trajectory.runs.count)
    }

    @Test("patience: 0 equals 1, too little stops early, more costs epochs but not loss", arguments: seeds)
    func patienceSweep(seed: UInt64) throws {
        let sweep = try Self.results(seed).replay.patienceSweep
        let zero = try #require(sweep.first { $0.patience == 0 })
        let one = try #require(sweep.first { $0.patience == 1 })
        #expect(zero.decisions == one.decisions)
        let longest = sweep.last!
        #expect(SeedSummary.agreement(zero.restoredLoss, longest.restoredLoss) { $0 > $1 } == zero.decisions.count)
        for (shorter, longer) in zip(sweep, sweep.dropFirst()) {
            #expect(longer.epochsSpent.mean >= shorter.epochsSpent.mean)
            #expect(longer.restoredLoss.mean <= shorter.restoredLoss.mean)
        }
        #expect(longest.lastLoss.mean > longest.restoredLoss.mean)
    }

    @Test("monitoring the training loss never stops and picks a worse network", arguments: seeds)
    func trainingLossMonitor(seed: UInt64) throws {
        let replay = try Self.results(seed).replay
        #expect(replay.trainingLossMonitor.stoppedCount == 0)
        #expect(
            SeedSummary.agreement(replay.trainingLossMonitor.restoredLoss, replay.validationLossMonitor.restoredLoss) {
                $0 > $1
            } == replay.validationLossMonitor.decisions.count)
    }

    @Test("a small validation set flatters the chosen epoch; a large min delta stops too early", arguments: seeds)
    func noisyValidationAndMinDelta(seed: UInt64) throws {
        let replay = try Self.results(seed).replay
        let noisy = replay.noisyMinDeltaSweep.first!
        #expect(noisy.monitoredValue.mean < noisy.restoredLoss.mean)
        #expect(abs((noisy.restoredLoss - replay.minDeltaSweep.first!.restoredLoss).mean) < 0.05)
        let largest = replay.noisyMinDeltaSweep.last!
        #expect(largest.epochsSpent.mean < noisy.epochsSpent.mean)
        #expect(largest.restoredLoss.mean > noisy.restoredLoss.mean)
    }

    @Test("the weight norm grows with epochs; L2 reaches similar accuracy with far smaller weights", arguments: seeds)
    func weightBudget(seed: UInt64) throws {
        let results = try Self.results(seed)
        let trajectory = results.trajectory
        #expect(trajectory.runs.allSatisfy { EarlyStoppingLesson.isIncreasing($0.weightNorm) })
        for run in trajectory.runs {
            #expect(run.initialWeightNorm < run.restored.weightNorm && run.restored.weightNorm < run.last.weightNorm)
        }
        let strengths = results.implicitL2.strengths
        for (weaker, stronger) in zip(strengths, strengths.dropFirst()) {
            #expect(stronger.weightNorm.mean < weaker.weightNorm.mean)
        }
        let best = results.implicitL2.best
        #expect(best.weightNorm.mean < trajectory.restoredNorm.mean * 0.9)
        #expect(abs(best.validationAccuracy.mean - trajectory.restoredAccuracy.mean) < 0.06)
        #expect(best.memorizedNoise.mean < trajectory.lastMemorized.mean)
    }

    @Test("reduce on plateau cuts the rate in every run and raises accuracy, not loss", arguments: seeds)
    func plateau(seed: UInt64) throws {
        let results = try Self.results(seed)
        #expect(results.plateau.runs.allSatisfy { $0.learningRateCuts >= 1 })
        #expect((results.plateau.validationAccuracy - results.stopped.validationAccuracy).mean > 0)
        #expect((results.plateau.validationLoss - results.stopped.validationLoss).mean > -0.01)
    }
}
