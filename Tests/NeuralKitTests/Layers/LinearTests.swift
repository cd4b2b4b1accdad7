import Testing
@testable import NeuralKit

@Suite struct LinearTests {
    @Test("forward is x·Wᵀ + b, worked by hand")
    func forwardByHand() {
        let layer = Linear<Double>(
            weight: Tensor([[1, 2, 3], [-1, 0, 1]]), bias: Tensor(rowVector: [0.5, -0.5]))
        let y = layer.forward(Tensor([[1, 1, 1], [2, 0, -1]]))
        #expect(y == Tensor([[6.5, -0.5], [-0.5, -3.5]]))
    }

    @Test("without a bias the output is x·Wᵀ and only `weight` is a parameter")
    func noBias() {
        var generator = RandomGenerator(seed: 3)
        let layer = Linear<Double>(inputSize: 3, outputSize: 2, bias: false, generator: &generator)
        #expect(layer.namedParameters.map(\.name) == ["weight"])
        let x = TestTensors.normal(4, 3, seed: 4)
        #expect(TestTensors.isClose(layer.forward(x), Tensor.matmul(x, transposed: false, layer.weight.value, transposed: true), tolerance: 1e-15))
    }

    @Test("weight is [out, in] and the state names are PyTorch's")
    func shapesAndNames() {
        var generator = RandomGenerator(seed: 1)
        let layer = Linear<Float>(inputSize: 64, outputSize: 256, generator: &generator)
        #expect(layer.weight.value.shape == Shape(256, 64))
        #expect(layer.bias?.value.shape == Shape(1, 256))
        #expect(layer.namedParameters.map(\.name) == ["weight", "bias"])
        #expect(layer.weight.role == .weight && layer.bias?.role == .bias)
        #expect(layer.parameterCount == 256 * 64 + 256)
        #expect("\(layer)" == "Linear(64 -> 256)")
    }

    @Test("same seed gives identical weights; another seed does not", arguments: LinearInitialization.allCases)
    func reproducibleInitialization(initialization: LinearInitialization) {
        var first = RandomGenerator(seed: 42)
        var second = RandomGenerator(seed: 42)
        var other = RandomGenerator(seed: 43)
        let a = Linear<Float>(inputSize: 20, outputSize: 10, initialization: initialization, generator: &first)
        let b = Linear<Float>(inputSize: 20, outputSize: 10, initialization: initialization, generator: &second)
        let c = Linear<Float>(inputSize: 20, outputSize: 10, initialization: initialization, generator: &other)
        #expect(a.weight.value == b.weight.value)
        #expect(a.bias?.value == b.bias?.value)
        #expect(a.weight.value != c.weight.value)
    }

    /// Sample spread of 256 × 512 weights against the rule: the bound for uniform rules, the
    /// standard deviation (within 2 %) for all.
    @Test("initialisations have the documented spread", arguments: LinearInitialization.allCases)
    func initializationSpread(initialization: LinearInitialization) {
        let fanIn = 512
        let fanOut = 256
        var generator = RandomGenerator(seed: 7)
        let layer = Linear<Double>(
            inputSize: fanIn, outputSize: fanOut, initialization: initialization, generator: &generator)
        let w = layer.weight.value
        let standardDeviation = (w.sumOfSquares() / Double(w.count) - w.mean() * w.mean()).squareRoot()
        let expected: Double
        switch initialization {
        case .pytorchDefault: expected = (1.0 / Double(fanIn)).squareRoot() / 3.0.squareRoot()
        case .kaimingUniform, .kaimingNormal: expected = (2.0 / Double(fanIn)).squareRoot()
        case .xavierUniform, .xavierNormal: expected = (2.0 / Double(fanIn + fanOut)).squareRoot()
        }
        #expect(abs(standardDeviation / expected - 1) < 0.02, "std \(standardDeviation), expected \(expected)")
        switch initialization {
        case .pytorchDefault:
            let bound = 1 / Double(fanIn).squareRoot()
            #expect(w.scalars.allSatisfy { abs($0) <= bound })
            let bias = try! #require(layer.bias).value
            #expect(bias.scalars.allSatisfy { abs($0) <= bound })
            #expect(bias.scalars.contains { $0 != 0 })
        case .kaimingUniform:
            #expect(w.scalars.allSatisfy { abs($0) <= (6.0 / Double(fanIn)).squareRoot() })
            #expect(layer.bias?.value.scalars.allSatisfy { $0 == 0 } == true)
        case .xavierUniform:
            #expect(w.scalars.allSatisfy { abs($0) <= (6.0 / Double(fanIn + fanOut)).squareRoot() })
            #expect(layer.bias?.value.scalars.allSatisfy { $0 == 0 } == true)
        case .kaimingNormal, .xavierNormal:
            #expect(layer.bias?.value.scalars.allSatisfy { $0 == 0 } == true)
        }
    }

    @Test("backward matches finite differences", arguments: [true, false])
    func gradientCheck(bias: Bool) {
        var generator = RandomGenerator(seed: 11)
        let layer = Linear<Double>(inputSize: 5, outputSize: 4, bias: bias, generator: &generator)
        let report = checkGradients(of: layer, input: TestTensors.normal(6, 5, seed: 12))
        #expect(report.errors.count == (bias ? 3 : 2))
        #expect(report.maxError <= 1e-7, "\(report)")
    }

    @Test("gradients accumulate over two backward calls")
    func gradientsAccumulate() {
        var generator = RandomGenerator(seed: 5)
        let layer = Linear<Double>(inputSize: 3, outputSize: 2, generator: &generator)
        let x = TestTensors.normal(4, 3, seed: 6)
        let g = TestTensors.normal(4, 2, seed: 8)
        _ = layer.forward(x)
        _ = layer.backward(g)
        let once = layer.weight.gradient
        _ = layer.forward(x)
        _ = layer.backward(g)
        #expect(TestTensors.isClose(layer.weight.gradient, 2 * once, tolerance: 1e-15))
        layer.zeroGradients()
        #expect(layer.weight.gradient.sumOfSquares() == 0)
    }

    @Test("accumulateParameterGradients gives the same parameter gradients as backward")
    func parameterGradientsOnly() {
        var first = RandomGenerator(seed: 9)
        var second = RandomGenerator(seed: 9)
        let a = Linear<Double>(inputSize: 3, outputSize: 2, generator: &first)
        let b = Linear<Double>(inputSize: 3, outputSize: 2, generator: &second)
        let x = TestTensors.normal(4, 3, seed: 10)
        let g = TestTensors.normal(4, 2, seed: 11)
        _ = a.forward(x)
        _ = a.backward(g)
        _ = b.forward(x)
        b.accumulateParameterGradients(g)
        #expect(a.weight.gradient == b.weight.gradient)
        #expect(a.bias?.gradient == b.bias?.gradient)
    }

    @Test("a shape mismatch stops with the layer and both shapes named")
    func shapeMismatchMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var generator = RandomGenerator(seed: 1)
            let layer = Linear<Float>(inputSize: 64, outputSize: 256, generator: &generator)
            let y = layer.forward(Tensor(rows: 8, columns: 32))
            print(y.count)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Linear(64 -> 256): input has 32 features, expected 64; input shape [8, 32]"), "\(message)")
    }
}
