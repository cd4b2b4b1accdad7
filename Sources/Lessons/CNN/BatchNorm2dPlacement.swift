import NeuralKit
import Notebook
import NotebookDocument

/// Section 4 of the CNN lesson: the CNN without normalisation, with `conv → BN → ReLU` and with
/// `conv → ReLU → BN` (paired runs), the held-out accuracy after every epoch (BatchNorm speeds up
/// training, so a fixed budget can credit it with speed), and the `conv → BN → ReLU` networks
/// evaluated in training mode, as a forgotten `eval()` would.
public enum BatchNorm2dPlacement {
    public struct Settings: ExperimentSettings {
        public var training: CNNTraining
        /// The batch size of the (wrong) training-mode evaluation.
        public var evaluationBatch = 8
        /// The early epoch at which the speed of training is compared.
        public var earlyEpoch = 3

        public init(quick: Bool) {
            training = CNNTraining(quick: quick)
        }

        static let owner = "batchnorm2d"
        public static let declarations: [SettingDeclaration<Settings>] =
            CNNTraining.declarations(\.training, owner: owner) + [
                .integer(
                    "evaluation-batch", \.evaluationBatch, in: 2...500,
                    "batch size of the forgotten-eval() evaluation (batch statistics)", owner: owner),
                .integer(
                    "early-epoch", \.earlyEpoch, in: 1...1_000,
                    "epoch at which the speed of training is compared (at most epochs)", owner: owner),
            ]

        func caption(seed: UInt64) -> String { training.caption(base: seed) }
    }

    public struct Result: Sendable {
        public let settings: Settings
        public let baseSeed: UInt64
        public let seeds: [UInt64]
        public let none: [CNNSetup.Run]
        public let beforeActivation: [CNNSetup.Run]
        public let afterActivation: [CNNSetup.Run]
        /// Held-out accuracy of the conv → BN → ReLU networks left in training mode, evaluated in
        /// batches of `evaluationBatch` images (each normalised with its own statistics).
        public let trainingModeAccuracy: SeedSummary

        /// Held-out accuracy at the early epoch.
        public func early(_ runs: [CNNSetup.Run]) -> SeedSummary {
            SeedSummary(runs.map { $0.validationCurve[settings.earlyEpoch - 1] })
        }
    }

    public static func run(
        _ settings: Settings, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        let training = settings.training
        guard settings.earlyEpoch <= training.epochs else {
            throw SettingError(
                "batchnorm2d: early-epoch \(settings.earlyEpoch) must be at most epochs \(training.epochs); lower it or train longer")
        }
        narration.announce("Training \(3 * seeds.count) CNNs: no normalisation, BatchNorm2d before and after the ReLU")
        let data = try seeds.map {
            try CNNSetup.data(trainCount: training.trainCount, validationCount: training.validationCount, seed: $0)
        }
        let placements = CNNSetup.NormalizationPlacement.allCases
        let outcomes = try ParallelRuns.map(placements.count * seeds.count, jobs: jobs) { index -> (CNNSetup.Run, Double) in
            let placement = placements[index / seeds.count], run = index % seeds.count
            let network = try CNNSetup.network(normalization: placement, seed: seeds[run])
            let result = try CNNSetup.train(
                network, on: data[run], training: training, checkpoints: [training.epochs], tracksCurve: true,
                seed: seeds[run],
                progress: narration.trainerProgress("\(placement.rawValue), run \(run + 1)", epochs: training.epochs))
            let trainingMode = placement == .beforeActivation
                ? trainingModeAccuracy(network, on: data[run].validation, batchSize: settings.evaluationBatch) : .nan
            return (result, trainingMode)
        }
        func runs(_ arm: Int) -> [CNNSetup.Run] { outcomes[(arm * seeds.count)..<((arm + 1) * seeds.count)].map(\.0) }
        let before = placements.firstIndex(of: .beforeActivation)!
        return Result(
            settings: settings, baseSeed: baseSeed, seeds: seeds, none: runs(placements.firstIndex(of: .none)!),
            beforeActivation: runs(before), afterActivation: runs(placements.firstIndex(of: .afterActivation)!),
            trainingModeAccuracy: SeedSummary(outcomes[(before * seeds.count)..<((before + 1) * seeds.count)].map(\.1)))
    }

    /// Accuracy when a network is evaluated in training mode (a forgotten `eval()`), batch by batch:
    /// each batch is normalised with its own statistics (and the running statistics drift).
    static func trainingModeAccuracy(_ network: Sequential<Float>, on data: Dataset, batchSize: Int) -> Double {
        network.train()
        defer { network.eval() }
        var correct = 0
        var start = 0
        while start < data.count {
            var end = min(start + batchSize, data.count)
            if data.count - end == 1 { end = data.count }  // BatchNorm cannot normalise a batch of one
            let range = start..<end
            let predictions = network.forward(data.features.rows(range)).argmaxPerRow()
            correct += zip(predictions, data.labels[range]).filter { $0 == $1 }.count
            start = end
        }
        return Double(correct) / Double(data.count)
    }
}
