import Testing
@testable import NeuralKit

@Suite struct StandardizerTests {
    @Test("the training split gets mean 0 and standard deviation 1 in every feature")
    func trainIsStandardized() throws {
        var generator = RandomGenerator(seed: 31)
        let data = try Dataset.gaussianBlobs(count: 500, classCount: 3, featureCount: 6, standardDeviation: 3, using: &generator)
        let split = try data.split(trainCount: 300, validationCount: 100, using: &generator)
        let (standardized, standardizer) = split.standardized()
        let check = Standardizer(fittingOn: standardized.train)
        for j in 0..<6 {
            #expect(abs(check.mean[j]) < 1e-5)
            #expect(abs(check.standardDeviation[j] - 1) < 1e-5)
        }
        // Validation uses the training statistics, so it is not exactly standardised.
        #expect(standardized.validation.features == standardizer.transform(split.validation.features))
        #expect(Standardizer(fittingOn: standardized.validation).mean.contains { abs($0) > 1e-3 })
    }

    @Test("the inverse transform recovers the original features")
    func inverse() throws {
        var generator = RandomGenerator(seed: 32)
        let data = try Dataset.twoMoons(count: 50, noise: 0.2, using: &generator)
        let standardizer = Standardizer(fittingOn: data)
        let back = standardizer.inverseTransform(standardizer.transform(data.features))
        for (a, b) in zip(back.scalars, data.features.scalars) { #expect(abs(a - b) < 1e-5) }
    }

    @Test("a constant feature is centred, not divided by zero")
    func constantFeature() {
        let features = Tensor<Float>([[1, 5], [2, 5], [3, 5]])
        let standardizer = Standardizer(fittingOn: features)
        #expect(standardizer.standardDeviation[1] == 1)
        let result = standardizer.transform(features)
        #expect(result.isFinite)
        #expect(result[0, 1] == 0)
        #expect(abs(result[0, 0] + 1.2247449) < 1e-5)
    }
}
