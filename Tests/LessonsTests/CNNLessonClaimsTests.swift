import Foundation
import NeuralKit
import Testing

@testable import Lessons

/// The claims the CNN lesson's prose makes, asserted on quick-mode runs of its experiments for
/// two base seeds (each run itself spans several seeds).
@Suite("CNN lesson claims", .serialized)
struct CNNLessonClaimsTests {
    static let seeds: [UInt64] = [7, 101]

    static let runs: [UInt64: Result<CNNLesson.Results, any Error>] = {
        BLAS.setThreadCount(1)
        var runs: [UInt64: Result<CNNLesson.Results, any Error>] = [:]
        for seed in seeds {
            runs[seed] = Result { try CNNLesson.runExperiments(seed: seed, quick: true) }
        }
        return runs
    }()

    static func results(_ seed: UInt64) throws -> CNNLesson.Results {
        try #require(runs[seed]).get()
    }

    @Test("the CNN has a small fraction of the MLP's parameters and does not beat its accuracy", arguments: seeds)
    func architecture(seed: UInt64) throws {
        let a = try Self.results(seed).architectures
        #expect(a.cnnParameters == 6_090)
        #expect(a.mlpParameters == 85_002)
        #expect(a.cnnParameters * 10 < a.mlpParameters)
        // "did not buy a better held-out accuracy"
        #expect(a.cnn.validationAccuracy.mean <= a.mlp.validationAccuracy.mean + 0.01)
    }

    @Test("Dropout2d(0.5) never beats the CNN without dropout; neither dropout wins at every rate and seed", arguments: seeds)
    func channelDropoutDoesNotHelp(seed: UInt64) throws {
        let d = try Self.results(seed).dropout
        let half = try #require(d.byRate.first { $0.rate == 0.5 })
        #expect(half.channel.seeds(>, than: d.baseline) == 0)
        // "neither kind was the better dropout at every rate and seed"
        let channelAlways = d.byRate.allSatisfy { $0.channel.seeds(>, than: $0.elementwise) == $0.channel.runs.count }
        let elementwiseAlways = d.byRate.allSatisfy { $0.elementwise.seeds(>, than: $0.channel) == $0.channel.runs.count }
        #expect(!channelAlways && !elementwiseAlways)
    }

    @Test("BatchNorm2d: the placements are close, a forgotten eval() costs under a point", arguments: seeds)
    func normalization(seed: UInt64) throws {
        let n = try Self.results(seed).normalization
        #expect(abs(n.beforeActivation.validationAccuracy.mean - n.afterActivation.validationAccuracy.mean) < 0.015)
        #expect(abs(n.beforeActivation.validationAccuracy.mean - n.trainingModeAccuracy.mean) < 0.01)
    }

    @Test("BatchNorm2d before the ReLU gives the largest gain of the additions", arguments: seeds)
    func batchNormGainIsLargest(seed: UInt64) throws {
        let r = try Self.results(seed)
        let base = r.architectures.cnn.validationAccuracy.mean
        let batchNorm = r.normalization.beforeActivation.validationAccuracy.mean - base
        var others = [r.mixing.mixup, r.mixing.cutMix].map { $0.validationAccuracy.mean - base }
        for entry in r.dropout.byRate {
            others.append(entry.elementwise.validationAccuracy.mean - base)
            others.append(entry.channel.validationAccuracy.mean - base)
        }
        for augmentation in [CNNExperiments.Augmentation.shifts, .shiftsAndRotations] {
            others.append(r.augmentation.gain(augmentation, size: r.settings.trainCount).gain.mean)
        }
        #expect(batchNorm > 0)
        #expect(others.allSatisfy { $0 < batchNorm }, "BN gain \(batchNorm), others \(others)")
    }

    @Test("augmentation lowers the held-out accuracy at every training-set size", arguments: seeds)
    func augmentationHurts(seed: UInt64) throws {
        let g = try Self.results(seed).augmentation
        for size in g.sizes {
            for augmentation in [CNNExperiments.Augmentation.shifts, .shiftsAndRotations] {
                #expect(g.gain(augmentation, size: size).gain.mean < 0, "\(augmentation) at \(size)")
            }
        }
    }

    @Test("mixup and CutMix move calibration more than accuracy and make the network underconfident", arguments: seeds)
    func mixingCalibration(seed: UInt64) throws {
        let m = try Self.results(seed).mixing
        for variant in [m.mixup, m.cutMix] {
            let accuracyChange = abs(variant.validationAccuracy.mean - m.neither.validationAccuracy.mean)
            let calibrationChange = variant.calibrationError.mean - m.neither.calibrationError.mean
            #expect(calibrationChange > accuracyChange, "\(variant.name)")
            #expect(zip(variant.runs, m.neither.runs).allSatisfy { $0.calibrationError > $1.calibrationError })
            #expect(variant.confidence.mean < variant.validationAccuracy.mean, "\(variant.name) is underconfident")
        }
    }

    @Test("the same seed reproduces the results bit for bit")
    func reproducible() throws {
        BLAS.setThreadCount(1)  // as the lessons run: one thread gives bit-identical products
        let settings = CNNExperiments.Settings(seed: 7, quick: true)
        let data = try CNNSetup.split(trainCount: 100, validationCount: 100, seed: 7)
        let runs = try (0..<2).map { _ in
            try CNNSetup.train(
                try CNNSetup.network(dropout: 0.3, dropoutKind: .channel, normalization: .beforeActivation, seed: 7),
                on: data.train, validation: data.validation, epochs: 2,
                augmentation: try CutMix(alpha: settings.cutMixAlpha), seed: 7)
        }
        #expect(runs[0].validationAccuracy == runs[1].validationAccuracy)
        #expect(runs[0].calibrationError == runs[1].calibrationError)
    }
}
