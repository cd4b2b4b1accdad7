import Testing
@testable import NeuralKit

@Suite struct SyntheticDataTests {
    typealias Generator = @Sendable (inout RandomGenerator) throws -> Dataset

    static let generators: [(String, Generator)] = [
        ("twoMoons", { try Dataset.twoMoons(count: 301, noise: 0.1, using: &$0) }),
        ("circles", { try Dataset.circles(count: 301, noise: 0.05, using: &$0) }),
        ("spirals", { try Dataset.spirals(count: 301, classCount: 3, noise: 0.02, using: &$0) }),
        ("gaussianBlobs", { try Dataset.gaussianBlobs(count: 301, classCount: 4, featureCount: 5, using: &$0) }),
        ("sparseFeatures", { try Dataset.sparseFeatures(count: 301, featureCount: 50, informativeCount: 3, using: &$0) }),
        ("noisySine", { try Dataset.noisySine(count: 301, noise: 0.1, using: &$0) }),
    ]

    @Test("the same seed gives the same data set, another seed a different one", arguments: 0..<6)
    func reproducibleBySeed(index: Int) throws {
        let (name, make) = Self.generators[index]
        var first = RandomGenerator(seed: 7)
        var second = RandomGenerator(seed: 7)
        var third = RandomGenerator(seed: 8)
        let a = try make(&first)
        let b = try make(&second)
        let c = try make(&third)
        #expect(a == b, "\(name) is not reproducible")
        #expect(a.features != c.features, "\(name) ignores its seed")
        #expect(a.features.isFinite)
    }

    @Test("two moons: 2 features, balanced classes, points near the two half circles")
    func twoMoons() throws {
        var generator = RandomGenerator(seed: 1)
        let data = try Dataset.twoMoons(count: 201, noise: 0, using: &generator)
        #expect(data.features.shape == Shape(201, 2))
        #expect(data.classCounts == [100, 101])
        for i in 0..<data.count {
            let (x, y) = (Double(data.features[i, 0]), Double(data.features[i, 1]))
            // Without noise each point lies exactly on its unit half circle.
            let radius = data.labels[i] == 0 ? (x * x + y * y).squareRoot() : ((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5)).squareRoot()
            #expect(abs(radius - 1) < 1e-5)
            #expect(data.labels[i] == 0 ? y >= -1e-6 : y <= 0.5 + 1e-6)
        }
        // The order is shuffled: the first half is not all class 0.
        #expect(Set(data.labels.prefix(20)).count == 2)
    }

    @Test("circles: the inner ring has radius radiusRatio")
    func circles() throws {
        var generator = RandomGenerator(seed: 2)
        let data = try Dataset.circles(count: 100, noise: 0, radiusRatio: 0.3, using: &generator)
        #expect(data.classCounts == [50, 50])
        for i in 0..<data.count {
            let radius = Double(data.features[i, 0] * data.features[i, 0] + data.features[i, 1] * data.features[i, 1]).squareRoot()
            #expect(abs(radius - (data.labels[i] == 0 ? 1 : 0.3)) < 1e-5)
        }
    }

    @Test("spirals and blobs split the count evenly over the classes")
    func classBalance() throws {
        var generator = RandomGenerator(seed: 3)
        let spirals = try Dataset.spirals(count: 301, classCount: 3, noise: 0.1, using: &generator)
        #expect(spirals.classCounts == [101, 100, 100])
        let blobs = try Dataset.gaussianBlobs(count: 10, classCount: 4, featureCount: 3, using: &generator)
        #expect(blobs.classCounts == [3, 3, 2, 2])
        #expect(blobs.features.shape == Shape(10, 3))
    }

    @Test("blobs cluster around their centre with the given spread")
    func blobSpread() throws {
        var generator = RandomGenerator(seed: 4)
        let blobs = try Dataset.gaussianBlobs(count: 4000, classCount: 2, featureCount: 2, standardDeviation: 0.5, using: &generator)
        for label in 0..<2 {
            let members = blobs.subset(blobs.labels.indices.filter { blobs.labels[$0] == label })
            let standardizer = Standardizer(fittingOn: members)
            for deviation in standardizer.standardDeviation { #expect(abs(deviation - 0.5) < 0.03) }
        }
    }

    @Test("noisy sine: targets are sin(x) plus noise of the given spread")
    func noisySine() throws {
        var generator = RandomGenerator(seed: 5)
        let data = try Dataset.noisySine(count: 5000, noise: 0.2, range: 0..<3, using: &generator)
        #expect(data.features.shape == Shape(5000, 1))
        let targets = try #require(data.targets)
        #expect(targets.shape == Shape(5000, 1))
        #expect(!data.isClassification)
        var squares = 0.0
        for i in 0..<data.count {
            #expect(data.features[i, 0] >= 0 && data.features[i, 0] < 3)
            let residual = Double(targets[i, 0] - Float.sin(data.features[i, 0]))
            squares += residual * residual
        }
        #expect(abs((squares / 5000).squareRoot() - 0.2) < 0.01)
    }

    @Test("sparse features: only the first informativeCount columns predict the label")
    func sparseFeatures() throws {
        var generator = RandomGenerator(seed: 6)
        let data = try Dataset.sparseFeatures(count: 4000, featureCount: 20, informativeCount: 2, using: &generator)
        #expect(data.features.shape == Shape(4000, 20))
        #expect(data.classCounts.allSatisfy { $0 > 1000 })
        // Correlation of each feature with the (±1) label: large for informative, ~0 for noise.
        func correlation(_ column: Int) -> Double {
            var total = 0.0
            for i in 0..<data.count { total += Double(data.features[i, column]) * (data.labels[i] == 1 ? 1 : -1) }
            return abs(total / Double(data.count))
        }
        #expect(max(correlation(0), correlation(1)) > 0.2)
        for column in 2..<20 { #expect(correlation(column) < 0.06) }
    }

    @Test("bad hyperparameters are rejected with the parameter's name")
    func badInput() throws {
        var generator = RandomGenerator(seed: 0)
        #expect(throws: HyperparameterError.self) { try Dataset.twoMoons(count: 100, noise: -1, using: &generator) }
        #expect(throws: HyperparameterError.self) { try Dataset.circles(count: 100, noise: 0, radiusRatio: 1.5, using: &generator) }
        #expect(throws: HyperparameterError.self) { try Dataset.spirals(count: 3, classCount: 3, noise: 0, using: &generator) }
        #expect(throws: HyperparameterError.self) {
            try Dataset.sparseFeatures(count: 10, featureCount: 2, informativeCount: 3, using: &generator)
        }
        do {
            _ = try Dataset.twoMoons(count: 100, noise: .nan, using: &generator)
            Issue.record("NaN noise was accepted")
        } catch let error as HyperparameterError {
            #expect(error.name == "noise")
        }
    }
}
