import NeuralKit

/// The regression problem behind three sections of the overfitting lesson: a sine wave seen
/// through Gaussian noise,
///
/// ```
/// x ~ U[−π, π),    y = sin(x) + ε,    ε ~ N(0, σ²)
/// ```
///
/// Few points and much noise make it easy to overfit: a network that passes through every
/// training point has learned the noise, and its error on new points grows. The best any model
/// can do on new points is the noise variance σ².
///
/// The network sees the input standardised to u = x/π ∈ [−1, 1] (the usual input scaling);
/// figures and formulas use x.
public struct SineProblem: Sendable {
    /// Training points per data set.
    public var trainCount = 20
    /// Validation points (fresh draws from the same distribution).
    public var validationCount = 200
    /// The noise's standard deviation σ.
    public var noise: Float = 0.4

    public init() {}

    /// The smallest mean squared error any predictor can reach on new points: σ².
    public var noiseVariance: Double { Double(noise) * Double(noise) }

    /// A training set of `trainCount` points drawn with its own generator (`label` keeps the
    /// draws of different experiments independent).
    public func trainingSet(seed: UInt64, label: String = "train") throws -> Dataset {
        var generator = RandomGenerator(seed: seed).derived("sine-\(label)")
        return Self.scaled(try Dataset.noisySine(count: trainCount, noise: noise, using: &generator))
    }

    /// A validation set of `validationCount` fresh points.
    public func validationSet(seed: UInt64) throws -> Dataset {
        var generator = RandomGenerator(seed: seed).derived("sine-validation")
        return Self.scaled(try Dataset.noisySine(count: validationCount, noise: noise, using: &generator))
    }

    /// `count` evenly spaced inputs across [−π, π], as a count × 1 tensor (for drawing curves
    /// and for the bias–variance test points).
    public static func grid(count: Int) -> [Double] {
        (0..<count).map { -Double.pi + 2 * Double.pi * Double($0) / Double(count - 1) }
    }

    /// The inputs as a network input (n × 1): u = x/π.
    public static func inputs(_ xs: [Double]) -> Tensor<Float> {
        Tensor(rows: xs.count, columns: 1, scalars: xs.map { Float($0 / Double.pi) })
    }

    /// The data set with its inputs divided by π.
    static func scaled(_ dataset: Dataset) -> Dataset {
        var result = dataset
        result.features.scale(by: 1 / Float.pi)
        return result
    }

    /// The inputs x (in radians) of a data set made by this problem.
    public static func xValues(of dataset: Dataset) -> [Double] {
        dataset.features.scalars.map { Double($0) * Double.pi }
    }

    /// The network's predictions at `xs`, in evaluation mode.
    public static func predictions(of network: Sequential<Float>, at xs: [Double]) -> [Double] {
        if xs.isEmpty { return [] }
        return network.predict(inputs(xs)).scalars.map(Double.init)
    }

    /// The number of weights and biases of a fully connected network with these layer sizes:
    /// `Σ (nᵢ + 1) · nᵢ₊₁`.
    public static func parameterCount(sizes: [Int]) -> Int {
        zip(sizes, sizes.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
    }
}
