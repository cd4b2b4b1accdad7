import Testing
import NeuralKit

extension ParityChecks {
    /// `nn.Linear(4, 3)`: forward, then backward of a given ∂L/∂y (input, weight and bias gradients).
    static func linear(_ fixture: Fixture) throws {
        let layer = Linear(weight: try fixture.tensor("weight"), bias: try fixture.tensor("bias"))
        let output = layer.forward(try fixture.tensor("input"))
        expectParity(output, try fixture.tensor("output"), "output", in: fixture)
        let inputGradient = layer.backward(try fixture.tensor("output_gradient"))
        expectParity(inputGradient, try fixture.tensor("input_gradient"), "∂L/∂input", in: fixture)
        expectParity(layer.weight.gradient, try fixture.tensor("weight_gradient"), "∂L/∂weight", in: fixture)
        let bias = try #require(layer.bias)
        expectParity(bias.gradient, try fixture.tensor("bias_gradient"), "∂L/∂bias", in: fixture)
    }

    /// ReLU, Tanh, Sigmoid and (exact, erf-based) GELU: forward and backward, element by element.
    static func activation(_ fixture: Fixture) throws {
        let layer: any Layer<Float>
        switch try fixture.string("function") {
        case "relu": layer = ReLU<Float>()
        case "tanh": layer = Tanh<Float>()
        case "sigmoid": layer = Sigmoid<Float>()
        case "gelu": layer = GELU<Float>()
        case let other: throw FixtureError(file: fixture.name, key: "function", problem: "is \"\(other)\", unknown")
        }
        let output = layer.forward(try fixture.tensor("input"))
        expectParity(output, try fixture.tensor("output"), "output", in: fixture)
        let inputGradient = layer.backward(try fixture.tensor("output_gradient"))
        expectParity(inputGradient, try fixture.tensor("input_gradient"), "∂L/∂input", in: fixture)
    }
}

extension ParityChecks {
    /// `nn.Dropout` at p = 0 and p = 1, where PyTorch's output does not depend on its random mask:
    /// training forward and backward, then evaluation forward.
    static func dropout(_ fixture: Fixture) throws {
        let layer = try Dropout<Float>(probability: try fixture.number("probability"), seed: UInt64(fixture.seed))
        let input = try fixture.tensor("input")
        expectParity(layer.forward(input), try fixture.tensor("output"), "training output", in: fixture)
        let inputGradient = layer.backward(try fixture.tensor("output_gradient"))
        expectParity(inputGradient, try fixture.tensor("input_gradient"), "∂L/∂input", in: fixture)
        layer.eval()
        expectParity(layer.forward(input), try fixture.tensor("evaluation_output"), "evaluation output", in: fixture)
    }
}
