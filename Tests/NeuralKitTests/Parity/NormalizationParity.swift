import Foundation
import Testing
import NeuralKit

extension ParityChecks {
    /// `nn.BatchNorm1d`: several training steps (output; ∂L/∂input, ∂L/∂γ, ∂L/∂β with fresh
    /// gradients; running mean, unbiased running variance and `num_batches_tracked` after each step),
    /// then one evaluation forward that must use the running statistics.
    static func batchNorm(_ fixture: Fixture) throws {
        let affine = try fixture.boolean("affine")
        // JSON null: PyTorch's momentum=None, the cumulative moving average.
        let momentum: Double? = fixture.content["momentum"] is NSNull ? nil : try fixture.number("momentum")
        let layer = try BatchNorm1d<Float>(
            featureCount: try fixture.integer("features"), momentum: momentum, epsilon: try fixture.number("eps"),
            affine: affine)
        #expect((layer.weight != nil) == affine && (layer.bias != nil) == affine)
        if affine {
            try #require(layer.weight).value = try fixture.tensor("weight")
            try #require(layer.bias).value = try fixture.tensor("bias")
        }
        layer.train()
        for (index, step) in try fixture.objects("training_steps").enumerated() {
            let when = "in training step \(index + 1)"
            layer.zeroGradients()
            let output = layer.forward(try step.tensor("input"))
            expectParity(output, try step.tensor("output"), "output \(when)", in: fixture)
            let inputGradient = layer.backward(try step.tensor("output_gradient"))
            expectParity(inputGradient, try step.tensor("input_gradient"), "∂L/∂input \(when)", in: fixture)
            if let weight = layer.weight, let bias = layer.bias {
                expectParity(weight.gradient, try step.tensor("weight_gradient"), "∂L/∂γ (weight) \(when)", in: fixture)
                expectParity(bias.gradient, try step.tensor("bias_gradient"), "∂L/∂β (bias) \(when)", in: fixture)
            }
            expectParity(layer.runningMean.value, try step.tensor("running_mean"), "running_mean \(when)", in: fixture)
            expectParity(
                layer.runningVariance.value, try step.tensor("running_var"), "running_var (unbiased) \(when)", in: fixture)
            #expect(layer.batchesTracked == (try step.integer("num_batches_tracked")), "num_batches_tracked \(when)")
        }
        layer.eval()
        let output = layer.forward(try fixture.tensor("eval_input"))
        expectParity(output, try fixture.tensor("eval_output"), "evaluation output", in: fixture)
    }

    /// `nn.LayerNorm`: forward over each row, and backward (input, γ and β gradients).
    static func layerNorm(_ fixture: Fixture) throws {
        let layer = try LayerNorm<Float>(featureCount: try fixture.integer("features"), epsilon: try fixture.number("eps"))
        let weight = try #require(layer.weight)
        let bias = try #require(layer.bias)
        weight.value = try fixture.tensor("weight")
        bias.value = try fixture.tensor("bias")
        let output = layer.forward(try fixture.tensor("input"))
        expectParity(output, try fixture.tensor("output"), "output", in: fixture)
        let inputGradient = layer.backward(try fixture.tensor("output_gradient"))
        expectParity(inputGradient, try fixture.tensor("input_gradient"), "∂L/∂input", in: fixture)
        expectParity(weight.gradient, try fixture.tensor("weight_gradient"), "∂L/∂γ (weight)", in: fixture)
        expectParity(bias.gradient, try fixture.tensor("bias_gradient"), "∂L/∂β (bias)", in: fixture)
    }
}
