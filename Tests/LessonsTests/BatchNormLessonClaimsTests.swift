import Foundation
import NeuralKit
import Testing

@testable import Lessons

/// The claims the BatchNorm lesson's prose makes, asserted on quick-mode runs of its experiments
/// for two base seeds (each run itself spans several seeds).
@Suite("BatchNorm lesson claims", .serialized)
struct BatchNormLessonClaimsTests {
    static let seeds: [UInt64] = [7, 101]

    static let runs: [UInt64: Result<BatchNormLesson.Results, any Error>] = {
        BLAS.setThreadCount(1)
        var runs: [UInt64: Result<BatchNormLesson.Results, any Error>] = [:]
        for seed in seeds {
            runs[seed] = Result { try BatchNormLesson.runExperiments(seed: seed, quick: true) }
        }
        return runs
    }()

    static func results(_ seed: UInt64) throws -> BatchNormLesson.Results {
        try #require(runs[seed]).get()
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

    @Test("larger momentum arrives sooner and wobbles more; the cumulative average wobbles least", arguments: seeds)
    func momentum(seed: UInt64) throws {
        let traces = try Self.results(seed).mechanics.traces
        func trace(_ momentum: Double?) throws -> BatchNormMechanics.MomentumTrace {
            try #require(traces.first { $0.momentum == momentum })
        }
        let fast = try trace(0.5), usual = try trace(0.1), slow = try trace(0.01), cumulative = try trace(nil)
        let fastSettle = try #require(fast.settlingBatch)
        let usualSettle = try #require(usual.settlingBatch)
        #expect(fastSettle < usualSettle)
        #expect(slow.settlingBatch == nil || slow.settlingBatch! > usualSettle)
        #expect(fast.wobble > usual.wobble)
        #expect(cumulative.wobble < usual.wobble)
        #expect(cumulative.settlingBatch != nil)
    }

    @Test("the recommended ordering beats dropout before BatchNorm, by a few points", arguments: seeds)
    func orderings(seed: UInt64) throws {
        let result = try Self.results(seed).orderings
        let recommended = try #require(result.summary(for: .batchNormReLUDropout))
        for wrong in [NormalizedNetwork.Ordering.dropoutBatchNormReLU, .reLUDropoutBatchNorm] {
            let other = try #require(result.summary(for: wrong))
            let difference = recommended.validationAccuracy - other.validationAccuracy
            #expect(difference.mean > 0, "\(wrong.name): \(difference)")
            #expect(difference.mean < 0.1, "\(wrong.name): \(difference)")
            #expect(SeedSummary.agreement(recommended.validationAccuracy, other.validationAccuracy) { $0 > $1 } * 2 > difference.count)
        }
    }

    @Test("BatchNorm alone memorises the noisy labels and generalises worse than the plain network", arguments: seeds)
    func batchNormAlone(seed: UInt64) throws {
        let result = try Self.results(seed).orderings
        let bnOnly = try #require(result.summary(for: .batchNormOnly))
        let neither = try #require(result.summary(for: .neither))
        let dropoutOnly = try #require(result.summary(for: .dropoutOnly))
        #expect(bnOnly.validationAccuracy.mean < neither.validationAccuracy.mean)
        #expect(bnOnly.gap.mean > neither.gap.mean)
        #expect(dropoutOnly.gap.mean < 0)
    }

    @Test("dropout before BatchNorm shifts the variance by at least 1/(1−p), growing with p", arguments: seeds)
    func varianceShift(seed: UInt64) throws {
        let result = try Self.results(seed).varianceShift
        var previous = 1.0
        for p in result.configuration.probabilities {
            let dropFirst = try #require(result.summary(.dropoutBatchNormReLU, dropout: p))
            let shift = dropFirst.shift(layer: 0)
            #expect(shift.minimum > 0.95 / (1 - p), "p = \(p): \(shift)")
            #expect(shift.mean > previous)
            previous = shift.mean
            let recommended = try #require(result.summary(.batchNormReLUDropout, dropout: p))
            #expect(abs(recommended.shift(layer: 0).mean - 1) < 0.1, "p = \(p): \(recommended.shift(layer: 0))")
        }
        let high = result.configuration.probabilities.last!
        let recommendedHigh = try #require(result.summary(.batchNormReLUDropout, dropout: high))
        #expect(recommendedHigh.shift(layer: 1).mean > 1.2)
        let dropFirstHigh = try #require(result.summary(.dropoutBatchNormReLU, dropout: high))
        #expect(dropFirstHigh.recalibrationGain.mean >= 0)
        #expect(abs(recommendedHigh.recalibrationGain.mean) < 0.02)
    }

    @Test("the shift costs most in the deeper network, not with smaller batches", arguments: seeds)
    func stress(seed: UInt64) throws {
        let stress = try Self.results(seed).varianceShift.stress
        try #require(stress.count == 3)
        let base = stress[0], deep = stress[1], small = stress[2]
        #expect(deep.largestShift.mean > base.largestShift.mean)
        #expect(deep.recalibrationGain.mean > 0.05, "\(deep.recalibrationGain)")
        #expect(deep.recalibrationGain.mean > base.recalibrationGain.mean)
        #expect(small.recalibrationGain.mean < deep.recalibrationGain.mean)
    }

    @Test("BatchNorm survives the largest learning rate; the plain network collapses", arguments: seeds)
    func learningRates(seed: UInt64) throws {
        let result = try Self.results(seed).learningRates
        let top = try #require(result.points(for: .neither).last)
        let topBN = try #require(result.points(for: .batchNormOnly).last)
        #expect(top.runs.allSatisfy { $0.validationAccuracy < 0.2 })
        #expect(topBN.runs.allSatisfy { $0.validationAccuracy > 0.5 && !$0.diverged })
        #expect(result.best(for: .batchNormOnly).learningRate >= result.best(for: .neither).learningRate)
    }

    @Test("LayerNorm trains at batch size 1 and 2 where BatchNorm cannot or suffers", arguments: seeds)
    func layerNorm(seed: UInt64) throws {
        let result = try Self.results(seed).layerNorm
        let bn1 = try #require(result.point(.batchNormOnly, batchSize: 1))
        #expect(bn1.validationAccuracy == nil)
        #expect(bn1.refusal?.contains("eval()") == true)
        let ln1 = try #require(result.point(.layerNorm, batchSize: 1)?.validationAccuracy)
        #expect(ln1.mean > 0.8)
        let bn2 = try #require(result.point(.batchNormOnly, batchSize: 2)?.validationAccuracy)
        let ln2 = try #require(result.point(.layerNorm, batchSize: 2)?.validationAccuracy)
        #expect(ln2.mean > bn2.mean)
        let bn32 = try #require(result.point(.batchNormOnly, batchSize: 32)?.validationAccuracy)
        let ln32 = try #require(result.point(.layerNorm, batchSize: 32)?.validationAccuracy)
        #expect(abs(bn32.mean - ln32.mean) < 0.05, "\(bn32) vs \(ln32)")
    }

    @Test("forgetting eval() costs most with small batches and little with large ones", arguments: seeds)
    func evalTrap(seed: UInt64) throws {
        let trap = try Self.results(seed).evalTrap
        for run in trap.runs {
            #expect(run.trainingModeAccuracy.first! < run.evaluationAccuracy - 0.2)
            #expect(abs(run.trainingModeAccuracy.last! - run.evaluationAccuracy) < 0.05)
        }
    }
}
