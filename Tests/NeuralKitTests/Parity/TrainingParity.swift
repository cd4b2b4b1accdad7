import Testing
import NeuralKit

extension ParityChecks {
    /// A whole training loop, the composition of layers, loss and optimiser:
    /// `Sequential(Linear(6, 10, bias: false), BatchNorm1d(10), ReLU, Linear(10, 10), GELU, Linear(10, 3))`
    /// from PyTorch's initial state, cross-entropy with label smoothing, several SGD (Nesterov) or
    /// AdamW steps on fixed batches. Each step's loss, then every parameter and buffer and an
    /// evaluation output must match. (The first Linear has no bias: before BatchNorm its gradient is
    /// float32 noise, which Adam would amplify into steps of size η with arbitrary sign.)
    static func training(_ fixture: Fixture) throws {
        var generator = RandomGenerator(seed: 0)
        let network = Sequential<Float>(
            Linear(inputSize: 6, outputSize: 10, bias: false, generator: &generator), try BatchNorm1d(featureCount: 10), ReLU(),
            Linear(inputSize: 10, outputSize: 10, generator: &generator), GELU(),
            Linear(inputSize: 10, outputSize: 3, generator: &generator))
        let initial = try fixture.object("initial_state")
        for (name, parameter) in network.namedParameters {
            parameter.value = try initial.tensor(name).reshaped(rows: parameter.value.rows, columns: parameter.value.columns)
        }
        for (name, buffer) in network.namedBuffers where !buffer.isInteger {
            buffer.value = try initial.tensor(name)
        }

        let settings = try fixture.object("settings")
        let groups = [ParameterGroup(parameters: network.parameters)]
        let optimizer: any Optimizer<Float>
        switch try fixture.string("optimizer") {
        case "sgd":
            optimizer = try SGD(
                parameterGroups: groups, learningRate: try settings.number("lr"), momentum: try settings.number("momentum"),
                nesterov: try settings.boolean("nesterov"), weightDecay: try settings.number("weight_decay"))
        case "adamw":
            let betas = try settings.numbers("betas")
            optimizer = try AdamW(
                parameterGroups: groups, learningRate: try settings.number("lr"), betas: (betas[0], betas[1]),
                epsilon: try settings.number("eps"), weightDecay: try settings.number("weight_decay"))
        case let other:
            throw FixtureError(file: fixture.name, key: "optimizer", problem: "is \"\(other)\", unknown")
        }
        let loss = try CrossEntropyLoss(labelSmoothing: try fixture.number("label_smoothing"))

        network.train()
        let losses = try fixture.numbers("losses")
        for (index, batch) in try fixture.objects("batches").enumerated() {
            optimizer.zeroGradients()
            let result = loss(network.forward(try batch.tensor("input")), try batch.integers("targets"))
            expectParity(Double(result.value), losses[index], "loss of step \(index + 1)", in: fixture)
            network.accumulateParameterGradients(result.gradient)
            optimizer.step()
        }

        let final = try fixture.object("final_state")
        for (name, parameter) in network.namedParameters {
            expectParity(parameter.value, try final.tensor(name), "\(name) after training", in: fixture)
        }
        for (name, buffer) in network.namedBuffers where !buffer.isInteger {
            expectParity(buffer.value, try final.tensor(name), "\(name) after training", in: fixture)
        }
        let batchNorm = try #require(network.layers[1] as? BatchNorm1d<Float>)
        #expect(batchNorm.batchesTracked == (try fixture.integer("num_batches_tracked")))
        network.eval()
        expectParity(network.forward(try fixture.tensor("eval_input")), try fixture.tensor("eval_output"), "evaluation output", in: fixture)
    }
}
