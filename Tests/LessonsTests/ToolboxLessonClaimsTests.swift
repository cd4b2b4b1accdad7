import Foundation
import NeuralKit
import Testing

@testable import Lessons

/// The claims the toolbox lesson's prose makes, asserted on quick-mode runs of its experiments
/// for two base seeds (each run itself spans several seeds).
@Suite("Toolbox lesson claims", .serialized)
struct ToolboxLessonClaimsTests {
    static let seeds: [UInt64] = [7, 101]

    /// One quick run per base seed, shared by the tests below.
    static let runs: [UInt64: Result<ToolboxLesson.Results, any Error>] = {
        BLAS.setThreadCount(1)
        var runs: [UInt64: Result<ToolboxLesson.Results, any Error>] = [:]
        for seed in seeds {
            runs[seed] = Result { try ToolboxLesson.runExperiments(seed: seed, quick: true) }
        }
        return runs
    }()

    static func results(_ seed: UInt64) throws -> ToolboxLesson.Results {
        try #require(runs[seed]).get()
    }

    @Test("mixup widens the transition band and lowers confidence and training accuracy", arguments: seeds)
    func mixupSmoothsTheBoundary(seed: UInt64) throws {
        let mixup = try Self.results(seed).mixup
        let seedCount = mixup.configuration.seedCount
        #expect(mixup.seedsWithWiderBand == seedCount)
        #expect(mixup.seedsLessConfident == seedCount)
        #expect(mixup.mixup.transitionShare.mean > 1.5 * mixup.plain.transitionShare.mean)
        #expect(mixup.mixup.trainAccuracy.mean < mixup.plain.trainAccuracy.mean)
        // "the boundary changed character far more than the error rate did"
        let band = mixup.mixup.transitionShare.mean - mixup.plain.transitionShare.mean
        #expect(abs((mixup.mixup.testAccuracy - mixup.plain.testAccuracy).mean) < band)
    }

    @Test("input noise lowers the training accuracy on noisy labels", arguments: seeds)
    func inputNoiseMemorisesLess(seed: UInt64) throws {
        let playbook = try Self.results(seed).playbook
        let baseline = try #require(playbook.summary(.baseline))
        let noise = try #require(playbook.summary(.inputNoise))
        #expect(noise.trainAccuracy.mean < baseline.trainAccuracy.mean)
    }

    @Test("max-norm holds every hidden unit's weights within c; without it they grow past c", arguments: seeds)
    func maxNormBinds(seed: UInt64) throws {
        let playbook = try Self.results(seed).playbook
        let c = playbook.configuration.maxNorm
        let constrained = try #require(playbook.summary(.dropoutMaxNorm))
        let dropout = try #require(playbook.summary(.dropout))
        #expect(constrained.largestRowNorm.maximum <= c * (1 + 1e-6))
        #expect(dropout.largestRowNorm.minimum > c)
    }

    @Test("the measured keep rates of stochastic depth follow the linear decay rule", arguments: seeds)
    func linearDecayRule(seed: UInt64) throws {
        let playbook = try Self.results(seed).playbook
        let depth = try #require(playbook.summary(.stochasticDepth))
        let plain = try #require(playbook.summary(.residual))
        let blocks = playbook.configuration.residualBlocks
        #expect(playbook.survivalProbabilities.count == blocks)
        #expect(abs(playbook.survivalProbabilities.last! - playbook.configuration.finalSurvivalProbability) < 1e-12)
        for (index, p) in playbook.survivalProbabilities.enumerated() {
            #expect(abs(p - (1 - Double(index + 1) / Double(blocks) * (1 - playbook.configuration.finalSurvivalProbability))) < 1e-12)
            for run in depth.runs { #expect(abs(run.keptFractions[index] - p) < 0.03, "block \(index + 1)") }
            for run in plain.runs { #expect(run.keptFractions[index] == 1) }
        }
    }

    @Test("clipping rescues the unstable run on every seed and is active on most steps", arguments: seeds)
    func clippingRescues(seed: UInt64) throws {
        let clipping = try Self.results(seed).clipping
        #expect(clipping.clippedDivergedCount == 0)
        let plain = clipping.validationAccuracy(clipped: false)
        let clipped = clipping.validationAccuracy(clipped: true)
        #expect(SeedSummary.agreement(clipped, plain) { $0 > $1 + 0.2 } == clipping.configuration.seedCount)
        #expect(clipping.clippedStepShare > 0.5)
        #expect(clipping.plainLargestNorm.maximum > 100 * clipping.configuration.maxNorm)
        for run in clipping.clipped { #expect(run.gradientNorms.allSatisfy { $0.isFinite }) }
    }

    @Test("the playbook table compares every technique with its own plain reference on the same seeds", arguments: seeds)
    func playbookIsPaired(seed: UInt64) throws {
        let playbook = try Self.results(seed).playbook
        for technique in ToolboxPlaybook.Technique.allCases where technique != technique.reference {
            let gain = try #require(playbook.gain(technique))
            #expect(gain.count == playbook.configuration.seedCount)
            #expect(playbook.seedsImproved(technique) == gain.values.filter { $0 > 0 }.count)
        }
        #expect(playbook.bestTechnique != playbook.bestTechnique.reference)
    }
}
