import Testing
@testable import NeuralKit

@Suite struct MixupTests {
    @Test("Beta(a, b) draws have mean a/(a+b) and the right variance", arguments: [(0.2, 0.2), (1.0, 1.0), (2.0, 5.0), (0.5, 3.0)])
    func betaMoments(shapes: (Double, Double)) {
        let (a, b) = shapes
        var generator = RandomGenerator(seed: 41)
        let n = 100_000
        var sum = 0.0
        var sumOfSquares = 0.0
        for _ in 0..<n {
            let x = generator.beta(a, b)
            #expect(x >= 0 && x <= 1)
            sum += x
            sumOfSquares += x * x
        }
        let mean = sum / Double(n)
        let variance = sumOfSquares / Double(n) - mean * mean
        let expectedMean = a / (a + b)
        let expectedVariance = a * b / ((a + b) * (a + b) * (a + b + 1))
        #expect(abs(mean - expectedMean) < 4 * (expectedVariance / Double(n)).squareRoot())
        #expect(abs(variance - expectedVariance) / expectedVariance < 0.03)
    }

    @Test("Gamma(k) draws have mean k", arguments: [0.3, 1.0, 4.5])
    func gammaMean(shape: Double) {
        var generator = RandomGenerator(seed: 42)
        let n = 100_000
        var sum = 0.0
        for _ in 0..<n { sum += generator.gamma(shape: shape) }
        #expect(abs(sum / Double(n) - shape) < 4 * (shape / Double(n)).squareRoot())
    }

    @Test("mixing blends features and one-hot targets with the same λ")
    func mixing() throws {
        let batch = Dataset(features: Tensor([[0, 0], [10, 20], [4, 4]]), labels: [0, 1, 2], classCount: 3)
        let mixup = try Mixup(alpha: 0.2)
        let mixed = mixup.mix(batch, lambda: 0.75, partners: [1, 0, 2])
        #expect(mixed.features == Tensor([[2.5, 5], [7.5, 15], [4, 4]]))
        #expect(mixed.targets == Tensor([[0.75, 0.25, 0], [0.25, 0.75, 0], [0, 0, 1]]))
        #expect(mixed.labels == [0, 1, 2])
    }

    @Test("augment is reproducible by seed and keeps the rows of targets summing to 1")
    func augment() throws {
        var generator = RandomGenerator(seed: 43)
        let batch = try Dataset.twoMoons(count: 32, noise: 0.1, using: &generator)
        let mixup = try Mixup(alpha: 0.4)
        var a = RandomGenerator(seed: 9)
        var b = RandomGenerator(seed: 9)
        let first = mixup.augment(batch, using: &a)
        #expect(first == mixup.augment(batch, using: &b))
        let targets = try #require(first.targets)
        for sum in targets.rowSums().scalars { #expect(abs(sum - 1) < 1e-6) }
        #expect(throws: HyperparameterError.self) { try Mixup(alpha: 0) }
    }

    @Test("Gaussian input noise adds noise of the asked spread and leaves labels alone")
    func inputNoise() throws {
        let batch = Dataset(features: Tensor(rows: 200, columns: 100), labels: [Int](repeating: 1, count: 200), classCount: 2)
        var generator = RandomGenerator(seed: 44)
        let noisy = try GaussianInputNoise(standardDeviation: 0.3).augment(batch, using: &generator)
        #expect(noisy.labels == batch.labels)
        let deviation = (noisy.features.sumOfSquares() / Float(noisy.features.count)).squareRoot()
        #expect(abs(deviation - 0.3) < 0.01)
        #expect(throws: HyperparameterError.self) { try GaussianInputNoise(standardDeviation: -1) }
    }
}
