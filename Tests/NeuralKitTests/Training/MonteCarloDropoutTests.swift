import Testing
@testable import NeuralKit

@Suite struct MonteCarloDropoutTests {
    @Test("without dropout every pass agrees: the variance is zero and the mean is the softmax")
    func deterministicNetwork() throws {
        let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 8, outputs: 3, seed: 1)
        let x = Tensor<Float>([[0.5, -1], [2, 0.25]])
        let prediction = try network.monteCarloPrediction(x, passes: 5)
        #expect(prediction.variance.scalars.allSatisfy { abs($0) < 1e-12 })
        let softmax = network.predict(x).softmax()
        for (a, b) in zip(prediction.mean.scalars, softmax.scalars) { #expect(abs(a - b) < 1e-6) }
    }

    @Test("with dropout the passes differ, the mean rows sum to 1, and phases are put back")
    func dropoutNetwork() throws {
        let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 32, outputs: 3, dropout: 0.5, seed: 2)
        network.train()
        let x = Tensor<Float>([[0.5, -1], [2, 0.25], [0, 0]])
        let prediction = try network.monteCarloPrediction(x, passes: 50)
        #expect(prediction.variance.scalars.contains { $0 > 1e-6 })
        for sum in prediction.mean.rowSums().scalars { #expect(abs(sum - 1) < 1e-5) }
        #expect(prediction.predictiveEntropy.allSatisfy { $0 >= 0 && $0 <= Float.log(3) + 1e-5 })
        #expect(network.layers.allSatisfy { $0.phase == .training })
        network.eval()
        _ = try network.monteCarloPrediction(x, passes: 2)
        #expect(network.layers.allSatisfy { $0.phase == .evaluation })
        #expect(throws: HyperparameterError.self) { try network.monteCarloPrediction(x, passes: 0) }
    }
}
