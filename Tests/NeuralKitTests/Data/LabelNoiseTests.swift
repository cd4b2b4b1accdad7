import Testing
@testable import NeuralKit

@Suite struct LabelNoiseTests {
    @Test("flipping changes exactly the reported labels, each to another class", arguments: [0.0, 0.1, 0.5, 1.0])
    func flipping(fraction: Double) throws {
        var generator = RandomGenerator(seed: 11)
        let data = try Dataset.gaussianBlobs(count: 200, classCount: 4, using: &generator)
        let (noisy, flipped) = try data.flippingLabels(fraction: fraction, using: &generator)
        #expect(flipped.count == Int((fraction * 200).rounded()))
        #expect(noisy.features == data.features)
        let changed = (0..<200).filter { noisy.labels[$0] != data.labels[$0] }
        #expect(changed == flipped)
        #expect(noisy.labels.allSatisfy { (0..<4).contains($0) })
    }

    @Test("random labels are uniform over the classes and independent of the originals")
    func randomLabels() throws {
        var generator = RandomGenerator(seed: 12)
        let data = try Dataset.gaussianBlobs(count: 10_000, classCount: 5, using: &generator)
        let random = try data.randomizingLabels(using: &generator)
        for count in random.classCounts { #expect(abs(count - 2000) < 4 * 40) }  // 4 standard errors
        let agreement = zip(data.labels, random.labels).filter { $0 == $1 }.count
        #expect(abs(agreement - 2000) < 4 * 40)
    }

    @Test("label noise on a regression set or with a bad fraction throws")
    func badInput() throws {
        var generator = RandomGenerator(seed: 13)
        let sine = try Dataset.noisySine(count: 10, noise: 0.1, using: &generator)
        #expect(throws: DatasetError.self) { try sine.flippingLabels(fraction: 0.1, using: &generator) }
        #expect(throws: DatasetError.self) { try sine.randomizingLabels(using: &generator) }
        let moons = try Dataset.twoMoons(count: 10, noise: 0.1, using: &generator)
        #expect(throws: HyperparameterError.self) { try moons.flippingLabels(fraction: 1.5, using: &generator) }
    }
}
