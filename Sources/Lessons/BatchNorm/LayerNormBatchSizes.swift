import NeuralKit

/// Section 5 of the BatchNorm lesson: BatchNorm against LayerNorm (which normalises each example
/// over its own features and so does not depend on the batch) at batch sizes from 1 to 256, the
/// same number of epochs each. BatchNorm cannot train at batch size 1: the trainer throws before
/// the first step, and the run is recorded as impossible.
public enum LayerNormBatchSizes {
    public struct Configuration: Sendable {
        public var batchSizes = [1, 2, 8, 32, 256]
        public var orderings: [NormalizedNetwork.Ordering] = [.batchNormOnly, .layerNorm]
        public var sizes = [64, 128, 128, 10]
        public var seedCount = 3
        public var trainCount = 512
        public var validationCount = 500
        public var epochs = 8
        public var learningRate = 1e-3
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                batchSizes = [1, 2, 32]
                seedCount = 2
                trainCount = 256
                validationCount = 300
                epochs = 4
            }
        }

        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ $0 } }

        public var captionConfiguration: String {
            "digits, \(trainCount) training / \(validationCount) validation images, "
                + "MLP \(sizes.map(String.init).joined(separator: "-")), Adam(η = \(learningRate)), "
                + "\(epochs) epochs, seeds \(seeds.first!)–\(seeds.last!)"
        }
    }

    public struct Point: Sendable {
        public let ordering: NormalizedNetwork.Ordering
        public let batchSize: Int
        /// Validation accuracy per seed; nil if the network could not be trained at this size.
        public let validationAccuracy: SeedSummary?
        /// The error the trainer threw, if it refused the batch size.
        public let refusal: String?
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let points: [Point]

        public func point(_ ordering: NormalizedNetwork.Ordering, batchSize: Int) -> Point? {
            points.first { $0.ordering == ordering && $0.batchSize == batchSize }
        }
    }

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        let seeds = configuration.seeds
        let splits = try seeds.map {
            try NoisyDigitsSplit(
                trainCount: configuration.trainCount, validationCount: configuration.validationCount,
                labelNoise: 0, seed: $0
            ).split
        }
        narration.announce("BatchNorm vs LayerNorm at batch sizes \(configuration.batchSizes)")
        var points: [Point] = []
        for ordering in configuration.orderings {
            for batchSize in configuration.batchSizes {
                var accuracies: [Double] = []
                var refusal: String?
                for (seed, split) in zip(seeds, splits) {
                    let network = try NormalizedNetwork.make(
                        sizes: configuration.sizes, ordering: ordering, dropout: 0, seed: seed)
                    let optimizer = try Adam<Float>(
                        parameters: network.parameters, learningRate: configuration.learningRate)
                    let trainer = try Trainer(
                        network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: batchSize, seed: seed)
                    do {
                        try trainer.fit(on: split.train, epochs: configuration.epochs)
                    } catch let error as BatchNormBatchSizeError {
                        refusal = error.message
                        break
                    }
                    accuracies.append(network.accuracy(on: split.validation))
                }
                points.append(
                    Point(
                        ordering: ordering, batchSize: batchSize,
                        validationAccuracy: refusal == nil ? SeedSummary(accuracies) : nil, refusal: refusal))
            }
        }
        return Result(configuration: configuration, points: points)
    }
}
