import NeuralKit
import Notebook
import NotebookDocument

/// Section 2 of the CNN lesson: the small CNN beside the course's MLP on the same digits, with the
/// held-out accuracy after every epoch (so a comparison at the last epoch can be checked against
/// each run's best epoch), and the first run's kernels and feature maps for the figures.
public enum CNNArchitectures {
    public struct Settings: ExperimentSettings {
        public var training: CNNTraining
        /// Feature maps of the two convolutional blocks.
        public var channels = [16, 32]
        /// Hidden widths of the MLP.
        public var mlpHidden = [256, 256]

        public init(quick: Bool) {
            training = CNNTraining(quick: quick)
        }

        static let owner = "architectures"
        public static let declarations: [SettingDeclaration<Settings>] =
            CNNTraining.declarations(\.training, owner: owner) + [
                .integers("channels", \.channels, in: 1...256, count: 2...2, "feature maps of the two conv blocks", owner: owner),
                .integers("mlp-hidden", \.mlpHidden, in: 1...2_048, count: 1...4, "hidden widths of the MLP", owner: owner),
            ]

        func caption(seed: UInt64) -> String {
            "CNN \(channels.map(String.init).joined(separator: "-")), MLP 64-\(mlpHidden.map(String.init).joined(separator: "-"))-10, "
                + training.caption(base: seed)
        }
    }

    public struct Result: Sendable {
        public let settings: Settings
        public let baseSeed: UInt64
        public let seeds: [UInt64]
        public let cnn: [CNNSetup.Run]
        public let mlp: [CNNSetup.Run]
        public let cnnParameters: Int
        public let mlpParameters: Int
        /// The first run's first-layer 3×3 kernels, one row of nine weights per output channel.
        public let firstLayerFilters: [[Double]]
    }

    public static func run(
        _ settings: Settings, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        let training = settings.training
        narration.announce(
            "Training a CNN and an MLP on \(training.trainCount) digits, \(seeds.count) runs each")
        let data = try seeds.map {
            try CNNSetup.data(trainCount: training.trainCount, validationCount: training.validationCount, seed: $0)
        }
        let outcomes = try ParallelRuns.map(2 * seeds.count, jobs: jobs) { index -> (CNNSetup.Run, Sequential<Float>) in
            let run = index % seeds.count, isCNN = index < seeds.count
            let seed = seeds[run]
            let network = isCNN
                ? try CNNSetup.network(channels: settings.channels, seed: seed)
                : try CNNSetup.multilayerPerceptron(hidden: settings.mlpHidden, seed: seed)
            let result = try CNNSetup.train(
                network, on: isCNN ? data[run] : data[run].flattened, training: training,
                checkpoints: [training.epochs], tracksCurve: true, seed: seed,
                progress: narration.trainerProgress("\(isCNN ? "CNN" : "MLP"), run \(run + 1)", epochs: training.epochs))
            return (result, network)
        }
        let firstCNN = outcomes[0].1
        let conv = firstCNN.layers[0] as! Conv2d<Float>
        let filters = (0..<conv.outputChannels).map { o in
            (0..<9).map { Double(conv.weight.value.scalars[o * 9 + $0]) }
        }
        return Result(
            settings: settings, baseSeed: baseSeed, seeds: seeds, cnn: outcomes.prefix(seeds.count).map(\.0),
            mlp: outcomes.suffix(seeds.count).map(\.0), cnnParameters: firstCNN.parameterCount,
            mlpParameters: outcomes[seeds.count].1.parameterCount, firstLayerFilters: filters)
    }
}
