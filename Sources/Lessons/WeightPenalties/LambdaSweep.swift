import Foundation
import NeuralKit
import Notebook
import NotebookDocument

/// Section 2: the strength λ of an L2 penalty swept on a log scale. A wide MLP fits a few noisy
/// points of a sine; training error rises with λ while validation error first falls (less
/// overfitting) and then rises (underfitting): the U.
///
/// λ is chosen where the mean *validation* error is lowest, and the comparisons the text makes
/// use separate *test* points, so the chosen λ is not also judged on the data it was picked on.
/// Run i of every λ shares its data and initial weights (run seed i): comparisons are paired.
public enum LambdaSweep {
    public struct Settings: ExperimentSettings {
        public var lambdas: [Double] = [0, 1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1]
        public var trainCount = 20
        /// Points on which λ is chosen.
        public var validationCount = 400
        /// Separate points on which the chosen λ is compared with the others.
        public var testCount = 400
        /// σ, the standard deviation of the noise on y.
        public var noise = 0.3
        public var hidden = [64, 64]
        public var epochs = 1500
        public var learningRate = 1e-2
        public var runs = 5

        public init(quick: Bool) {
            if quick {
                lambdas = [0, 1e-3, 3e-2, 3e-1]
                runs = 3
                epochs = 600
            }
        }

        static let owner = "lambda-sweep"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .numbers(
                "lambdas", \.lambdas, from: 0, to: 100, count: 3...20,
                "L2 strengths λ in increasing order (include 0, no penalty)", owner: owner),
            .integer("train-count", \.trainCount, in: 3...2_000, "training points per run", owner: owner),
            .integer("validation-count", \.validationCount, in: 10...10_000, "validation points (choose λ)", owner: owner),
            .integer("test-count", \.testCount, in: 10...10_000, "test points (compare the chosen λ)", owner: owner),
            .number("noise", \.noise, from: 0, lowerIncluded: false, to: 5, upperIncluded: true, "σ of the noise on y", owner: owner),
            .integers("hidden", \.hidden, in: 1...1_024, count: 1...4, "hidden layer widths", owner: owner),
            .integer("epochs", \.epochs, in: 1...20_000, "full-batch epochs per run", owner: owner),
            .number(
                "learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true,
                "Adam's learning rate η", owner: owner),
            .integer("runs", \.runs, in: 1...50, "independent runs (data and initial weights) per λ", owner: owner),
        ]

        public var sizes: [Int] { [1] + hidden + [1] }

        func validateLambdas() throws {
            let listed = lambdas.map(formatNumber).joined(separator: ",")
            guard lambdas.first == 0 else {
                throw SettingError("lambda-sweep: lambdas \(listed) must start with 0, the network without a penalty")
            }
            guard zip(lambdas, lambdas.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw SettingError("lambda-sweep: lambdas \(listed) must increase strictly, e.g. 0,0.001,0.01,0.1")
            }
        }

        public func captionConfiguration(seed: UInt64, runs: Int? = nil) -> String {
            let count = runs ?? self.runs
            return "noisy sine, \(trainCount) training / \(validationCount) validation / \(testCount) test points "
                + "(noise σ = \(formatNumber(noise))), MLP \(sizes.map(String.init).joined(separator: "-")), "
                + "Adam(η = \(formatNumber(learningRate))) + L2 penalty, full batch, \(epochs) epochs, "
                + (count == 1 ? "first run of \(SeedStream.captionForm(base: seed, runs: self.runs))"
                    : SeedStream.captionForm(base: seed, runs: count))
        }
    }

    public struct Point: Sendable {
        public let lambda: Double
        public let trainError: SeedSummary
        public let validationError: SeedSummary
        public let testError: SeedSummary
        public let weightNorm: SeedSummary
        /// Mean squared distance of each run's fitted curve from sin x on `Result.curveX`.
        public let curveError: SeedSummary
        /// The fitted curve of the first run on `Result.curveX`.
        public let curve: [Double]
    }

    public struct Result: Sendable {
        public let configuration: Settings
        public let baseSeed: UInt64
        public let seeds: [UInt64]
        public let points: [Point]
        public let curveX: [Double]
        /// The training points of the first run (for the curve figure).
        public let trainX: [Double]
        public let trainY: [Double]

        /// The λ with the lowest mean validation error (chosen on validation, judged on test).
        public var best: Point { points.min { $0.validationError.mean < $1.validationError.mean }! }
        public var unregularized: Point { points.first { $0.lambda == 0 }! }
        public var strongest: Point { points.last! }
        /// The smallest positive λ (the "small" regulariser of the figure).
        public var smallest: Point { points.first { $0.lambda > 0 }! }
    }

    public static func run(
        _ configuration: Settings, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        try configuration.validateLambdas()
        let curveX = (0...200).map { -Double.pi + 2 * Double.pi * Double($0) / 200 }
        let curveInput = Tensor<Float>(rows: curveX.count, columns: 1, scalars: curveX.map(Float.init))
        let data = try seeds.map { seed -> (train: Dataset, validation: Dataset, test: Dataset) in
            var generator = RandomGenerator(seed: seed).derived("noisy-sine")
            let noise = Float(configuration.noise)
            return (
                try Dataset.noisySine(count: configuration.trainCount, noise: noise, using: &generator),
                try Dataset.noisySine(count: configuration.validationCount, noise: noise, using: &generator),
                try Dataset.noisySine(count: configuration.testCount, noise: noise, using: &generator))
        }
        narration.announce(
            "λ sweep: \(configuration.lambdas.count) values of λ × \(seeds.count) runs on \(configuration.trainCount) noisy-sine points")
        let pairs = configuration.lambdas.indices.flatMap { l in seeds.indices.map { (l, $0) } }
        let runs = try ParallelRuns.map(pairs.count, jobs: jobs) {
            index -> (train: Double, validation: Double, test: Double, norm: Double, curve: [Double]) in
            let (l, r) = pairs[index]
            let lambda = configuration.lambdas[l]
            let (train, validation, test) = data[r]
            let network = try MultilayerPerceptron.make(sizes: configuration.sizes, dropout: 0, seed: seeds[r])
            // snippet: lambda-sweep-run
            let optimizer = try Adam<Float>(
                parameters: network.parameters, learningRate: configuration.learningRate)
            let trainer = try Trainer(
                network: network, optimizer: optimizer, loss: .meanSquaredError,
                batchSize: train.count, seed: seeds[r])
            // (λ/2)·Σw² over the weights (not the biases), added to the loss
            trainer.penalty = try L2Penalty(strength: lambda)
            try trainer.fit(on: train, epochs: configuration.epochs)
            // end-snippet
            let trainError = network.evaluate(on: train, loss: .meanSquaredError).loss
            let validationError = network.evaluate(on: validation, loss: .meanSquaredError).loss
            let testError = network.evaluate(on: test, loss: .meanSquaredError).loss
            let norm = try WeightStatistics(of: network).totalL2Norm
            network.eval()
            let curve = network.predict(curveInput).scalars.map(Double.init)
            return (trainError, validationError, testError, norm, curve)
        }
        let points = configuration.lambdas.indices.map { l in
            let slice = Array(runs[(l * seeds.count)..<((l + 1) * seeds.count)])
            return Point(
                lambda: configuration.lambdas[l], trainError: SeedSummary(slice.map(\.train)),
                validationError: SeedSummary(slice.map(\.validation)), testError: SeedSummary(slice.map(\.test)),
                weightNorm: SeedSummary(slice.map(\.norm)),
                curveError: SeedSummary(slice.map { run in
                    zip(run.curve, curveX).reduce(0) { $0 + ($1.0 - sin($1.1)) * ($1.0 - sin($1.1)) } / Double(curveX.count)
                }),
                curve: slice[0].curve)
        }
        return Result(
            configuration: configuration, baseSeed: baseSeed, seeds: seeds, points: points, curveX: curveX,
            trainX: data[0].train.features.scalars.map(Double.init), trainY: data[0].train.targets!.scalars.map(Double.init))
    }
}
