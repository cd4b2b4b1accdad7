import Foundation
import NeuralKit

/// Section 2: the strength λ of an L2 penalty swept on a log scale. A wide MLP fits a few noisy
/// points of a sine; training error rises with λ while validation error first falls (less
/// overfitting) and then rises (underfitting): the U.
public enum LambdaSweep {
    public struct Configuration: Sendable {
        public var lambdas: [Double] = [0, 1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1]
        public var trainCount = 20
        public var validationCount = 400
        public var noise: Float = 0.3
        public var sizes = [1, 64, 64, 1]
        public var epochs = 1500
        public var learningRate = 1e-2
        public var seedCount = 5
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                lambdas = [0, 1e-3, 3e-2, 3e-1]
                seedCount = 3
                epochs = 600
            }
        }

        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ $0 } }

        public var captionConfiguration: String {
            "noisy sine, \(trainCount) training / \(validationCount) validation points (noise σ = \(noise)), "
                + "MLP \(sizes.map(String.init).joined(separator: "-")), Adam(η = \(learningRate)) + L2 penalty, "
                + "full batch, \(epochs) epochs, seeds \(seeds.first!)–\(seeds.last!)"
        }
    }

    public struct Point: Sendable {
        public let lambda: Double
        public let trainError: SeedSummary
        public let validationError: SeedSummary
        public let weightNorm: SeedSummary
        /// The fitted curve of the first seed on `Result.curveX`.
        public let curve: [Double]
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let points: [Point]
        public let curveX: [Double]
        /// The training points of the first seed (for the curve figure).
        public let trainX: [Double]
        public let trainY: [Double]

        /// The λ with the lowest mean validation error.
        public var best: Point { points.min { $0.validationError.mean < $1.validationError.mean }! }
        public var unregularized: Point { points.first { $0.lambda == 0 }! }
        public var strongest: Point { points.last! }
        /// The smallest positive λ (the "small" regulariser of the figure).
        public var smallest: Point { points.first { $0.lambda > 0 }! }
    }

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        let curveX = (0...200).map { -Double.pi + 2 * Double.pi * Double($0) / 200 }
        let curveInput = Tensor<Float>(rows: curveX.count, columns: 1, scalars: curveX.map(Float.init))
        var perLambda: [[(train: Double, validation: Double, norm: Double, curve: [Double])]] =
            Array(repeating: [], count: configuration.lambdas.count)
        var trainX: [Double] = []
        var trainY: [Double] = []
        for seed in configuration.seeds {
            var generator = RandomGenerator(seed: seed).derived("noisy-sine")
            let train = try Dataset.noisySine(
                count: configuration.trainCount, noise: configuration.noise, using: &generator)
            let validation = try Dataset.noisySine(
                count: configuration.validationCount, noise: configuration.noise, using: &generator)
            if trainX.isEmpty {
                trainX = train.features.scalars.map(Double.init)
                trainY = train.targets!.scalars.map(Double.init)
            }
            for (index, lambda) in configuration.lambdas.enumerated() {
                let network = try MultilayerPerceptron.make(sizes: configuration.sizes, dropout: 0, seed: seed)
                // snippet: lambda-sweep-run
                let optimizer = try Adam<Float>(
                    parameters: network.parameters, learningRate: configuration.learningRate)
                let trainer = try Trainer(
                    network: network, optimizer: optimizer, loss: .meanSquaredError,
                    batchSize: train.count, seed: seed)
                // (λ/2)·Σw² over the weights (not the biases), added to the loss
                trainer.penalty = try L2Penalty(strength: lambda)
                try trainer.fit(on: train, epochs: configuration.epochs)
                // end-snippet
                let trainError = network.evaluate(on: train, loss: .meanSquaredError).loss
                let validationError = network.evaluate(on: validation, loss: .meanSquaredError).loss
                let norm = try WeightStatistics(of: network).totalL2Norm
                network.eval()
                let curve = network.predict(curveInput).scalars.map(Double.init)
                perLambda[index].append((trainError, validationError, norm, curve))
            }
            narration.announce("  λ sweep: seed \(seed) done")
        }
        let points = zip(configuration.lambdas, perLambda).map { lambda, runs in
            Point(
                lambda: lambda, trainError: SeedSummary(runs.map(\.train)),
                validationError: SeedSummary(runs.map(\.validation)), weightNorm: SeedSummary(runs.map(\.norm)),
                curve: runs[0].curve)
        }
        return Result(configuration: configuration, points: points, curveX: curveX, trainX: trainX, trainY: trainY)
    }
}
