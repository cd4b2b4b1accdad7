import NeuralKit
import Notebook
import NotebookDocument

/// Section 5 of the BatchNorm lesson: BatchNorm against LayerNorm (which normalises each example
/// over its own features and so does not depend on the batch) at batch sizes from 1 to 256, the
/// same number of epochs each. BatchNorm cannot train at batch size 1: the trainer throws before
/// the first step, and the run is recorded as impossible.
public enum LayerNormBatchSizes {
    public struct Configuration: ExperimentSettings {
        public var batchSizes = [1, 2, 8, 32, 256]
        public var orderings: [NormalizedNetwork.Ordering] = [.batchNormOnly, .layerNorm]
        public var hidden = [128, 128]
        public var runs = 5
        public var trainCount = 512
        public var validationCount = 500
        public var epochs = 8
        public var learningRate = 1e-3

        public init(quick: Bool) {
            if quick {
                batchSizes = [1, 2, 32]
                runs = 3
                trainCount = 256
                validationCount = 300
                epochs = 4
            }
        }

        static let owner = "layernorm"
        public static let declarations: [SettingDeclaration<Configuration>] = [
            .integers(
                "batch-sizes", \.batchSizes, in: 1...1_200, count: 2...10,
                "batch sizes, increasing; 1 and 2 are quoted in the text if present", owner: owner),
            .integers("hidden", \.hidden, in: 1...2_048, count: 1...6, "hidden layer widths", owner: owner),
            .integer("runs", \.runs, in: 1...50, "independent runs (seeds) per batch size and model", owner: owner),
            .integer("train-count", \.trainCount, in: 20...1_200, "training images", owner: owner),
            .integer("validation-count", \.validationCount, in: 50...1_000, "validation images", owner: owner),
            .integer("epochs", \.epochs, in: 1...5_000, "epochs per run, the same for every batch size", owner: owner),
            .number("learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true, "Adam's learning rate η", owner: owner),
        ]

        /// Layer widths from input to output.
        public var sizes: [Int] { [Digits.pixelCount] + hidden + [Digits.classCount] }

        public func captionConfiguration(seed: UInt64) -> String {
            "digits, \(trainCount) training / \(validationCount) validation images, "
                + "MLP \(sizes.map(String.init).joined(separator: "-")), Adam(η = \(formatNumber(learningRate))), "
                + "\(epochs) epochs, \(SeedStream.captionForm(base: seed, runs: runs))"
        }
    }

    public struct Point: Sendable {
        public let ordering: NormalizedNetwork.Ordering
        public let batchSize: Int
        /// Validation accuracy per run; nil if the network could not be trained at this size.
        public let validationAccuracy: SeedSummary?
        /// Optimiser steps per run (batches per epoch × epochs).
        public let steps: Int
        /// The error the trainer threw, if it refused the batch size.
        public let refusal: String?
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let baseSeed: UInt64
        public let seeds: [UInt64]
        public let points: [Point]

        public func point(_ ordering: NormalizedNetwork.Ordering, batchSize: Int) -> Point? {
            points.first { $0.ordering == ordering && $0.batchSize == batchSize }
        }
    }

    /// Trains every (model, batch size, run) triple, up to `jobs` at once; the results do not
    /// depend on `jobs`.
    public static func run(
        _ configuration: Configuration, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        let sizes = configuration.batchSizes
        guard zip(sizes, sizes.dropFirst()).allSatisfy({ $0 < $1 }), sizes.last! <= configuration.trainCount else {
            throw SettingError(
                "layernorm: batch-sizes \(sizes.map(String.init).joined(separator: ",")) must increase and not exceed train-count \(configuration.trainCount)")
        }
        let splits = try seeds.map {
            try NoisyDigitsSplit(
                trainCount: configuration.trainCount, validationCount: configuration.validationCount,
                labelNoise: 0, seed: $0
            ).split
        }
        narration.announce("BatchNorm vs LayerNorm at batch sizes \(sizes)")
        let cells = configuration.orderings.flatMap { ordering in sizes.map { (ordering, $0) } }
        // Each run returns its accuracy, or the trainer's refusal of the batch size.
        let outcomes = try ParallelRuns.map(cells.count * seeds.count, jobs: jobs) { index -> Swift.Result<Double, BatchNormBatchSizeError> in
            let (ordering, batchSize) = cells[index / seeds.count]
            let seed = seeds[index % seeds.count]
            let split = splits[index % seeds.count]
            let network = try NormalizedNetwork.make(
                sizes: configuration.sizes, ordering: ordering, dropout: 0, seed: seed)
            let optimizer = try Adam<Float>(parameters: network.parameters, learningRate: configuration.learningRate)
            let trainer = try Trainer(
                network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: batchSize, seed: seed)
            do {
                try trainer.fit(on: split.train, epochs: configuration.epochs)
            } catch let error as BatchNormBatchSizeError {
                return .failure(error)
            }
            return .success(network.accuracy(on: split.validation))
        }
        let points = cells.indices.map { cell -> Point in
            let (ordering, batchSize) = cells[cell]
            let slice = outcomes[(cell * seeds.count)..<((cell + 1) * seeds.count)]
            var refusal: String?
            var accuracies: [Double] = []
            for outcome in slice {
                switch outcome {
                case .success(let accuracy): accuracies.append(accuracy)
                case .failure(let error): refusal = refusal ?? error.message
                }
            }
            let batchesPerEpoch = (configuration.trainCount + batchSize - 1) / batchSize
            return Point(
                ordering: ordering, batchSize: batchSize,
                validationAccuracy: refusal == nil ? SeedSummary(accuracies) : nil,
                steps: batchesPerEpoch * configuration.epochs, refusal: refusal)
        }
        return Result(configuration: configuration, baseSeed: baseSeed, seeds: seeds, points: points)
    }
}
