import Testing
@testable import NeuralKit

@Suite struct SequentialTests {
    private func mlp(seed: UInt64) throws -> Sequential<Double> {
        var generator = RandomGenerator(seed: seed)
        return Sequential<Double>([
            Linear(inputSize: 4, outputSize: 6, generator: &generator),
            Tanh(),
            try Dropout(probability: 0.25, seed: seed + 1),
            Linear(inputSize: 6, outputSize: 3, generator: &generator),
            GELU(),
        ])
    }

    @Test("forward chains the children in order")
    func forwardChains() throws {
        let network = try mlp(seed: 1)
        network.eval()
        let x = TestTensors.normal(5, 4, seed: 2)
        var expected = x
        for index in 0..<network.count { expected = network[index].forward(expected) }
        #expect(network.forward(x) == expected)
    }

    @Test("parameter names carry the child index")
    func names() throws {
        let network = try mlp(seed: 1)
        #expect(network.namedParameters.map(\.name) == ["0.weight", "0.bias", "3.weight", "3.bias"])
        #expect(network.parameterCount == 4 * 6 + 6 + 6 * 3 + 3)
    }

    @Test("buffer names carry the child index, also when nested")
    func bufferNames() throws {
        var generator = RandomGenerator(seed: 1)
        let block = Sequential<Float>([
            Linear(inputSize: 3, outputSize: 5, generator: &generator),
            try BatchNorm1d(featureCount: 5),
            ReLU(),
        ])
        #expect(block.namedParameters.map(\.name) == ["0.weight", "0.bias", "1.weight", "1.bias"])
        #expect(block.namedBuffers.map(\.name) == ["1.running_mean", "1.running_var", "1.num_batches_tracked"])
        let network = Sequential<Float>(block, Linear(inputSize: 5, outputSize: 2, generator: &generator))
        #expect(network.namedParameters.map(\.name) == ["0.0.weight", "0.0.bias", "0.1.weight", "0.1.bias", "1.weight", "1.bias"])
        #expect(network.namedBuffers.map(\.name) == ["0.1.running_mean", "0.1.running_var", "0.1.num_batches_tracked"])
    }

    @Test("train() and eval() reach nested children; append takes the container's phase")
    func phasesReachChildren() throws {
        let inner = try mlp(seed: 3)
        let outer = Sequential<Double>(inner, ReLU())
        outer.eval()
        #expect(inner.phase == .evaluation)
        #expect(inner[2].phase == .evaluation)
        outer.train()
        #expect(inner[2].phase == .training)
        outer.phase = .evaluation
        #expect(inner[2].phase == .evaluation)
        let late = try Dropout<Double>(probability: 0.5, seed: 4)
        outer.append(late)
        #expect(late.phase == .evaluation)
        #expect(outer.count == 3)
    }

    @Test("backward matches finite differences through every child")
    func gradientCheck() throws {
        let network = try mlp(seed: 5)
        let dropout = try #require(network[2] as? Dropout<Double>)
        let start = dropout.generator
        let report = checkGradients(of: network, input: TestTensors.normal(5, 4, seed: 6)) {
            dropout.generator = start
        }
        #expect(report.errors.map(\.name) == ["input", "0.weight", "0.bias", "3.weight", "3.bias"])
        #expect(report.maxError <= 1e-7, "\(report)")
    }

    @Test("accumulateParameterGradients matches backward's parameter gradients")
    func parameterGradientsOnly() throws {
        let a = try mlp(seed: 7)
        let b = try mlp(seed: 7)
        let x = TestTensors.normal(5, 4, seed: 8)
        let g = TestTensors.normal(5, 3, seed: 9)
        _ = a.forward(x)
        _ = a.backward(g)
        _ = b.forward(x)
        b.accumulateParameterGradients(g)
        for (p, q) in zip(a.parameters, b.parameters) {
            #expect(p.gradient == q.gradient)
        }
    }
}
