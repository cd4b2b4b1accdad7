import NeuralKit
import Notebook
import NotebookDocument

/// Section 3 of the CNN lesson: element-wise `Dropout` against `Dropout2d` after the ReLU of both
/// convolutional blocks, at several rates, beside the same CNN without dropout (paired runs).
public enum ChannelDropout {
    public struct Settings: ExperimentSettings {
        public var training: CNNTraining
        /// The dropout rates p; each is trained with both kinds.
        public var rates = [0.2, 0.5]

        public init(quick: Bool) {
            training = CNNTraining(quick: quick)
        }

        static let owner = "dropout-kinds"
        public static let declarations: [SettingDeclaration<Settings>] =
            CNNTraining.declarations(\.training, owner: owner) + [
                .numbers(
                    "rates", \.rates, from: 0, lowerIncluded: false, to: 1, count: 1...6,
                    "dropout rates p, each trained with Dropout and Dropout2d", owner: owner)
            ]

        func caption(seed: UInt64) -> String {
            "p ∈ {\(rates.map(formatNumber).joined(separator: ", "))}, " + training.caption(base: seed)
        }
    }

    /// Both kinds at one rate.
    public struct RateArms: Sendable {
        public let rate: Double
        public let elementwise: [CNNSetup.Run]
        public let channel: [CNNSetup.Run]
    }

    public struct Result: Sendable {
        public let settings: Settings
        public let baseSeed: UInt64
        public let seeds: [UInt64]
        public let baseline: [CNNSetup.Run]
        /// By rate, in ascending order.
        public let byRate: [RateArms]
        /// For the figure: one held-out digit, its first-layer maps after ReLU (first run's
        /// network without dropout) and the same maps after one Dropout2d draw at the largest rate.
        public let sampleImage: [Float]
        public let sampleLabel: Int
        public let featureMaps: [[Float]]
        public let droppedMaps: [[Float]]
        public let droppedChannels: [Int]

        public var lowest: RateArms { byRate.first! }
        public var highest: RateArms { byRate.last! }
    }

    public static func run(
        _ settings: Settings, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        let training = settings.training
        let rates = settings.rates.sorted()
        narration.announce(
            "Training \((2 * rates.count + 1) * seeds.count) CNNs: no dropout, Dropout and Dropout2d at p ∈ \(rates.map(formatNumber))")
        let data = try seeds.map {
            try CNNSetup.data(trainCount: training.trainCount, validationCount: training.validationCount, seed: $0)
        }
        // Arm 0: no dropout; then (rate, element-wise), (rate, channel) for each rate.
        let arms: [(rate: Double, kind: CNNSetup.DropoutKind)] =
            [(0, .channel)] + rates.flatMap { [($0, CNNSetup.DropoutKind.elementwise), ($0, .channel)] }
        let outcomes = try ParallelRuns.map(arms.count * seeds.count, jobs: jobs) { index -> (CNNSetup.Run, Sequential<Float>) in
            let arm = arms[index / seeds.count], run = index % seeds.count
            let network = try CNNSetup.network(dropout: arm.rate, dropoutKind: arm.kind, seed: seeds[run])
            let title = arm.rate == 0 ? "no dropout" : "\(arm.kind == .channel ? "Dropout2d" : "Dropout")(\(formatNumber(arm.rate)))"
            let result = try CNNSetup.train(
                network, on: data[run], training: training, checkpoints: [training.epochs], seed: seeds[run],
                progress: narration.trainerProgress("\(title), run \(run + 1)", epochs: training.epochs))
            return (result, network)
        }
        func runs(_ arm: Int) -> [CNNSetup.Run] { outcomes[(arm * seeds.count)..<((arm + 1) * seeds.count)].map(\.0) }
        let byRate = rates.indices.map { RateArms(rate: rates[$0], elementwise: runs(1 + 2 * $0), channel: runs(2 + 2 * $0)) }

        // The figure: conv → ReLU of the first run's network without dropout, then Dropout2d.
        let network = outcomes[0].1
        let conv = network.layers[0] as! Conv2d<Float>
        let image = data[0].validation.features.rows(0..<1)
        let maps = network.layers[1].forward(conv.forward(image))
        let dropout = try Dropout2d<Float>(probability: rates.last!, seed: seeds[0])
        let dropped = dropout.forward(maps)
        let side = 64
        func planes(_ tensor: Tensor<Float>) -> [[Float]] {
            (0..<conv.outputChannels).map { Array(tensor.scalars[$0 * side..<($0 + 1) * side]) }
        }
        return Result(
            settings: settings, baseSeed: baseSeed, seeds: seeds, baseline: runs(0), byRate: byRate,
            sampleImage: image.scalars, sampleLabel: data[0].validation.labels[0], featureMaps: planes(maps),
            droppedMaps: planes(dropped),
            droppedChannels: (0..<conv.outputChannels).filter { dropout.channelMask.scalars[$0] == 0 })
    }
}
