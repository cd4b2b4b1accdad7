import Testing
@testable import NeuralKit

@Suite struct DataSplitTests {
    @Test("splits are disjoint, cover the set and have the asked sizes", arguments: [false, true])
    func disjointAndCovering(stratified: Bool) throws {
        var generator = RandomGenerator(seed: 21)
        let data = try Dataset.spirals(count: 307, classCount: 3, noise: 0.1, using: &generator)
        let split = try data.split(trainCount: 200, validationCount: 57, stratified: stratified, using: &generator)
        #expect(split.train.count == 200)
        #expect(split.validation.count == 57)
        #expect(split.test.count == 50)
        let all = split.trainIndices + split.validationIndices + split.testIndices
        #expect(all.sorted() == Array(0..<307))
        #expect(split.train == data.subset(split.trainIndices))
        #expect(split.test == data.subset(split.testIndices))
    }

    @Test("a stratified split keeps the class proportions in each part")
    func stratified() throws {
        var generator = RandomGenerator(seed: 22)
        let data = try Dataset.gaussianBlobs(count: 1000, classCount: 4, using: &generator)
        let skewed = data.subset(Array(0..<1000).filter { data.labels[$0] != 3 || $0 % 5 == 0 })
        let split = try skewed.split(trainFraction: 0.6, validationFraction: 0.2, stratified: true, using: &generator)
        for part in [split.train, split.validation, split.test] {
            for (partCount, wholeCount) in zip(part.classCounts, skewed.classCounts) {
                let expected = Double(wholeCount) * Double(part.count) / Double(skewed.count)
                #expect(abs(Double(partCount) - expected) <= 1)
            }
        }
    }

    @Test("the same seed gives the same split")
    func reproducible() throws {
        var generator = RandomGenerator(seed: 23)
        let data = try Dataset.twoMoons(count: 100, noise: 0.1, using: &generator)
        var a = RandomGenerator(seed: 5)
        var b = RandomGenerator(seed: 5)
        #expect(try data.split(trainCount: 50, validationCount: 20, using: &a).trainIndices
            == data.split(trainCount: 50, validationCount: 20, using: &b).trainIndices)
    }

    @Test("asking for more examples than exist, or stratifying a regression set, throws")
    func badInput() throws {
        var generator = RandomGenerator(seed: 24)
        let moons = try Dataset.twoMoons(count: 100, noise: 0.1, using: &generator)
        #expect(throws: DatasetError.self) { try moons.split(trainCount: 90, validationCount: 20, using: &generator) }
        #expect(throws: HyperparameterError.self) {
            try moons.split(trainFraction: 0.8, validationFraction: 0.3, using: &generator)
        }
        let sine = try Dataset.noisySine(count: 100, noise: 0.1, using: &generator)
        #expect(throws: DatasetError.self) {
            try sine.split(trainCount: 50, validationCount: 20, stratified: true, using: &generator)
        }
    }

    @Test("largest-remainder apportionment hits the total exactly")
    func apportion() {
        #expect(Dataset.apportion(10, proportionalTo: [1, 1, 1]) == [4, 3, 3])
        #expect(Dataset.apportion(7, proportionalTo: [50, 30, 20]).reduce(0, +) == 7)
        #expect(Dataset.apportion(3, proportionalTo: [1, 1, 1]) == [1, 1, 1])
        #expect(Dataset.apportion(0, proportionalTo: [0, 0]) == [0, 0])
    }
}
