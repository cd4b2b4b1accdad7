import Testing
@testable import NeuralKit

@Suite struct EvaluationTests {
    @Test("batched prediction equals one big forward pass and runs in evaluation mode")
    func batchedPrediction() throws {
        let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 8, outputs: 2, dropout: 0.5, seed: 1)
        var generator = RandomGenerator(seed: 2)
        let x = Tensor<Float>.normal(rows: 25, columns: 2, using: &generator)
        let whole = network.predict(x, batchSize: 100)
        let batched = network.predict(x, batchSize: 7)
        for (a, b) in zip(whole.scalars, batched.scalars) { #expect(abs(a - b) < 1e-6) }
        // Dropout is off in evaluation mode, so repeated predictions agree, and the phase is restored.
        #expect(network.predict(x) == network.predict(x))
        #expect(network.phase == .training)
    }

    @Test("evaluation reports the cross-entropy and accuracy of hand-made outputs")
    func evaluation() throws {
        // A network that passes its 2 inputs through unchanged: logits = features.
        let identity = Sequential<Float>(Linear<Float>(weight: Tensor([[1, 0], [0, 1]]), bias: Tensor([[0, 0]])))
        let data = Dataset(features: Tensor([[2, 0], [0, 1], [3, 0], [0, 0]]), labels: [0, 1, 1, 0], classCount: 2)
        let result = identity.evaluate(on: data, loss: .crossEntropy)
        #expect(result.accuracy == 0.75)  // the tie [0, 0] goes to class 0
        let expected = (Double.log(1 + Double.exp(-2)) + Double.log(1 + Double.exp(-1))
            + Double.log(1 + Double.exp(3)) + Double.log(2)) / 4
        #expect(abs(result.loss - expected) < 1e-6)
        #expect(identity.accuracy(on: data) == 0.75)
        #expect(identity.predictClasses(data.features) == [0, 1, 0, 0])
    }
}
