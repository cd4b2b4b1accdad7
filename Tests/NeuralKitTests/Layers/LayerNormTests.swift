import Testing
@testable import NeuralKit

@Suite struct LayerNormTests {
    @Test("each row is normalised with its own mean and biased variance")
    func forwardValues() throws {
        let layer = try LayerNorm<Double>(featureCount: 4)
        layer.weight?.value = Tensor(rowVector: [1, 2, 3, 4])
        layer.bias?.value = Tensor(rowVector: [0, 0, 1, 1])
        let x = Tensor<Double>([[1, 2, 3, 4], [10, 10, 10, 14]])
        let y = layer.forward(x)
        for i in 0..<2 {
            let row = (0..<4).map { x[i, $0] }
            let mean = row.reduce(0, +) / 4
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
            for j in 0..<4 {
                let expected = layer.weight!.value[0, j] * (x[i, j] - mean) / (variance + 1e-5).squareRoot()
                    + layer.bias!.value[0, j]
                #expect(abs(y[i, j] - expected) < 1e-12)
            }
        }
    }

    @Test("a batch of one works and the phase does not matter")
    func phaseIndependent() throws {
        let layer = try LayerNorm<Float>(featureCount: 3)
        let x = Tensor<Float>([[1, 5, 9]])
        let training = layer.forward(x)
        layer.eval()
        #expect(layer.forward(x) == training)
    }

    @Test("backward matches finite differences", arguments: [true, false])
    func gradientCheck(affine: Bool) throws {
        let layer = try LayerNorm<Double>(featureCount: 5, elementwiseAffine: affine)
        layer.weight?.value = TestTensors.normal(1, 5, seed: 130)
        layer.bias?.value = TestTensors.normal(1, 5, seed: 131)
        let report = checkGradients(of: layer, input: TestTensors.normal(4, 5, seed: 132))
        #expect(report.errors.map(\.name) == (affine ? ["input", "weight", "bias"] : ["input"]))
        #expect(report.maxError <= 1e-7, "\(report)")
    }

    @Test("bad hyperparameters are rejected")
    func invalidHyperparameters() {
        #expect(throws: HyperparameterError.self) { _ = try LayerNorm<Float>(featureCount: 3, epsilon: -1) }
        #expect(throws: HyperparameterError.self) { _ = try LayerNorm<Float>(featureCount: 0) }
    }
}
