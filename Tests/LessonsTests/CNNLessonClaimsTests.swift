import Foundation
import NeuralKit
import Notebook
import NotebookDocument
import Testing

@testable import Lessons

/// The claims the CNN lesson's prose makes, asserted on quick-mode runs of its experiments for two
/// base seeds. The tests read the same `Claim` objects the text prints its sentences from; the
/// invariants that are not comparisons (parameter counts, checkpoints, determinism) are asserted
/// on the typed results.
@Suite("CNN lesson claims", .serialized)
struct CNNLessonClaimsTests {
    static let seeds: [UInt64] = [7, 101]

    typealias Run = (results: ResultsStore, products: ExperimentProducts)

    nonisolated(unsafe) static let runs: [UInt64: Result<Run, any Error>] = {
        BLAS.setThreadCount(1)
        var runs: [UInt64: Result<Run, any Error>] = [:]
        for seed in seeds {
            let builder = LessonBuilder(
                options: LessonOptions(seed: seed, quick: true), reporter: LessonReporter(output: .silent))
            runs[seed] = Result { try builder.runExperiments(CNNLesson.definition) }
        }
        return runs
    }()

    static func run(_ seed: UInt64) throws -> Run {
        try #require(runs[seed]).get()
    }

    static func claim(_ id: String, seed: UInt64) throws -> Claim {
        try #require(try run(seed).results.claims[id], "claim \(id) was not recorded")
    }

    /// The claims the quick runs must support: the effects large enough to show on three runs of a
    /// short budget. The text has a sentence for every verdict of every claim.
    static let holding = [
        "mixup-underconfident", "cutmix-underconfident", "mixup-raises-ece", "cutmix-raises-ece",
        "shifts-help-on-shifted-digits",
    ]

    @Test("the claims the experiments exist to show hold in quick mode", arguments: seeds)
    func claimsHold(seed: UInt64) throws {
        for id in Self.holding {
            let claim = try Self.claim(id, seed: seed)
            #expect(claim.verdict == .holds, "\(id): \(claim.evidence.summary) (\(claim.evidence.measure))")
        }
    }

    @Test("every claim is recorded, names its runs' seeds, and its verdict follows its evidence", arguments: seeds)
    func claimsFollowEvidence(seed: UInt64) throws {
        let results = try Self.run(seed).results
        #expect(results.orderedClaims.count >= 25)
        for claim in results.orderedClaims {
            #expect(!claim.seeds.isEmpty, "\(claim.id)")
            let (verdict, evidence) = claim.rule.evaluate(claim.evidence.values, measure: claim.measure)
            #expect(verdict == claim.verdict && evidence == claim.evidence, "\(claim.id)")
        }
        #expect(try Self.claim("cnn-beats-mlp", seed: seed).seeds == results.runSeeds["architectures"])
        #expect(try Self.claim("bn-beats-none", seed: seed).seeds == results.runSeeds["batchnorm2d"])
        // Independent experiments draw independent runs.
        #expect(Set(results.runSeeds["architectures"]!).isDisjoint(with: results.runSeeds["mixing"]!))
    }

    @Test("the CNN has a small fraction of the MLP's parameters", arguments: seeds)
    func parameters(seed: UInt64) throws {
        let a = try Self.run(seed).products.get(CNNArchitectures.Result.self, for: "test")
        #expect(a.cnnParameters == 160 + 4_640 + 1_290)
        #expect(a.mlpParameters == 64 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10)
        #expect(a.cnn.allSatisfy { $0.validationCurve.count == a.settings.training.epochs })
    }

    @Test("a run measured at two budgets is, at the first, the run of the shorter budget")
    func checkpointsMatchShorterRun() throws {
        BLAS.setThreadCount(1)
        var training = CNNTraining(quick: true)
        training.trainCount = 100
        let data = try CNNSetup.data(trainCount: 100, validationCount: 100, seed: 7)
        let long = try CNNSetup.train(
            try CNNSetup.network(seed: 7), on: data, training: training, checkpoints: [2, 4],
            augmentation: try CutMix(alpha: 1), seed: 7)
        let short = try CNNSetup.train(
            try CNNSetup.network(seed: 7), on: data, training: training, checkpoints: [2],
            augmentation: try CutMix(alpha: 1), seed: 7)
        #expect(long.at(epoch: 2).validationAccuracy == short.final.validationAccuracy)
        #expect(long.at(epoch: 2).calibrationError == short.final.calibrationError)
        #expect(long.final.epoch == 4)
    }

    @Test("temperature scaling keeps the predictions and finds T < 1 for underconfident logits")
    func temperatureScaling() throws {
        // Logits that put the right class ahead by a small margin: confident-correct data, so the
        // likelihood prefers a sharper softmax (T < 1).
        var logits = Tensor<Float>(rows: 40, columns: 10)
        var labels: [Int] = []
        for row in 0..<40 {
            labels.append(row % 10)
            logits[row, row % 10] = 0.5
        }
        let t = CNNSetup.fittedTemperature(logits, labels: labels)
        #expect(t < 1)
        #expect(logits.softmax(temperature: Float(t)).argmaxPerRow() == logits.softmax().argmaxPerRow())
    }

    @Test("the same seed reproduces a run bit for bit; two jobs give the serial results")
    func reproducible() throws {
        BLAS.setThreadCount(1)
        var settings = MixingComparison.Settings(quick: true)
        settings.training.epochs = 2
        settings.training.trainCount = 100
        let seeds = SeedStream(base: 7, experiment: "mixing").seeds(3)
        let serial = try MixingComparison.run(settings, seeds: seeds, baseSeed: 7, jobs: 1, narration: .silent)
        let parallel = try MixingComparison.run(settings, seeds: seeds, baseSeed: 7, jobs: 2, narration: .silent)
        for mixing in MixingComparison.Mixing.allCases {
            for (a, b) in zip(serial.runs[mixing]!, parallel.runs[mixing]!) {
                #expect(a.final.validationAccuracy == b.final.validationAccuracy)
                #expect(a.final.calibrationError == b.final.calibrationError)
                #expect(a.final.scaledCalibrationError == b.final.scaledCalibrationError)
            }
        }
    }
}
