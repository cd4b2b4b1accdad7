import Foundation
import Testing
import NeuralKit

extension ParityChecks {
    /// `nn.Conv2d` (stride, padding, with and without bias): forward, then backward of a given
    /// ∂L/∂y (input, weight and bias gradients).
    static func convolution(_ fixture: Fixture) throws {
        let bias: Tensor<Float>? = fixture.content["bias"] == nil ? nil : try fixture.tensor("bias")
        let layer = Conv2d(
            weight: try fixture.tensor("weight"), bias: bias, stride: try fixture.integer("stride"),
            padding: try fixture.integer("padding"))
        let output = layer.forward(try fixture.tensor("input"))
        let expected: Tensor<Float> = try fixture.tensor("output")
        #expect(output.dimensions == expected.dimensions, "\(fixture.name): output sizes")
        expectParity(output, expected, "output", in: fixture)
        let inputGradient = layer.backward(try fixture.tensor("output_gradient"))
        expectParity(inputGradient, try fixture.tensor("input_gradient"), "∂L/∂input", in: fixture)
        expectParity(layer.weight.gradient, try fixture.tensor("weight_gradient"), "∂L/∂weight", in: fixture)
        if let bias = layer.bias {
            expectParity(bias.gradient, try fixture.tensor("bias_gradient"), "∂L/∂bias", in: fixture)
        }
    }

    /// `nn.MaxPool2d`, `nn.AvgPool2d` and `AdaptiveAvgPool2d(1) + Flatten`: forward and backward.
    static func pooling(_ fixture: Fixture) throws {
        let layer: any Layer<Float>
        switch fixture.content["variant"] as? String {
        case "max-k2": layer = MaxPool2d<Float>(kernelSize: 2)
        case "max-k3-s2": layer = MaxPool2d<Float>(kernelSize: 3, stride: 2)
        case "avg-k2": layer = AvgPool2d<Float>(kernelSize: 2)
        case "avg-k3-s2": layer = AvgPool2d<Float>(kernelSize: 3, stride: 2)
        case "global-avg": layer = Sequential<Float>(GlobalAveragePool2d(), Flatten())
        case let other: throw FixtureError(file: fixture.name, key: "variant", problem: "is \(other ?? "missing"), unknown")
        }
        let output = layer.forward(try fixture.tensor("input"))
        let expected: Tensor<Float> = try fixture.tensor("output")
        #expect(output.dimensions == expected.dimensions, "\(fixture.name): output sizes \(output.dimensions)")
        expectParity(output, expected, "output", in: fixture)
        let inputGradient = layer.backward(try fixture.tensor("output_gradient"))
        expectParity(inputGradient, try fixture.tensor("input_gradient"), "∂L/∂input", in: fixture)
    }

    /// `nn.Dropout2d` in training mode, with PyTorch's channel mask: whole maps kept (scaled by
    /// 1/(1 − p)) or zeroed, forward and backward.
    static func channelDropout(_ fixture: Fixture) throws {
        let layer = try Dropout2d<Float>(probability: try fixture.number("p"), seed: 0)
        let output = layer.forward(try fixture.tensor("input"), channelMask: try fixture.tensor("channel_mask"))
        expectParity(output, try fixture.tensor("output"), "output", in: fixture)
        let inputGradient = layer.backward(try fixture.tensor("output_gradient"))
        expectParity(inputGradient, try fixture.tensor("input_gradient"), "∂L/∂input", in: fixture)
    }

    /// `nn.BatchNorm2d`: training steps (outputs, gradients, running statistics), then evaluation
    /// forward and backward.
    static func batchNorm2d(_ fixture: Fixture) throws {
        let affine = try fixture.boolean("affine")
        let momentum: Double? = fixture.content["momentum"] is NSNull ? nil : try fixture.number("momentum")
        let layer = try BatchNorm2d<Float>(
            channelCount: try fixture.integer("channels"), momentum: momentum, epsilon: try fixture.number("eps"),
            affine: affine)
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
        let inputGradient = layer.backward(try fixture.tensor("eval_output_gradient"))
        expectParity(inputGradient, try fixture.tensor("eval_input_gradient"), "evaluation ∂L/∂input", in: fixture)
    }

    /// A small CNN's checkpoint written by PyTorch loads into the same NeuralKit network (names and
    /// shapes such as `0.weight` [4, 1, 3, 3]), gives PyTorch's evaluation outputs, and is written
    /// back byte for byte.
    static func convolutionalCheckpoint(_ fixture: Fixture) throws {
        let url = Fixture.folder.appendingPathComponent(try fixture.string("file"))
        let network = makeConvolutionalNetwork(seed: 100)
        try network.loadCheckpoint(from: url)
        network.eval()
        let input: Tensor<Float> = try fixture.tensor("input")
        let expected: Tensor<Float> = try fixture.tensor("eval_output")
        expectParity(network.forward(input), expected, "evaluation output after loading", in: fixture)

        let pytorchFile = try SafetensorsFile.read(from: url)
        let entries = network.checkpointEntries()
        #expect(entries.keys.sorted() == pytorchFile.tensors.keys.sorted())
        #expect(entries["0.weight"]?.shape == [4, 1, 3, 3])
        for (name, entry) in pytorchFile.tensors {
            #expect(entries[name] == entry, "\(fixture.name): entry \(name) differs from PyTorch's after a round trip")
        }
    }

    private static func makeConvolutionalNetwork(seed: UInt64) -> Sequential<Float> {
        var generator = RandomGenerator(seed: seed)
        return Sequential<Float>(
            Conv2d(inputChannels: 1, outputChannels: 4, kernelSize: 3, padding: 1, generator: &generator),
            try! BatchNorm2d(channelCount: 4),
            ReLU(),
            MaxPool2d(kernelSize: 2),
            Conv2d(inputChannels: 4, outputChannels: 6, kernelSize: 3, bias: false, generator: &generator),
            ReLU(),
            Flatten(),
            Linear(inputSize: 24, outputSize: 3, generator: &generator))
    }
}
