import Preconditions

/// A fully connected (affine) layer, `torch.nn.Linear`.
///
/// ```
/// forward:   y = x·Wᵀ + b                 x: [N, in], W: [out, in], b: [1, out], y: [N, out]
/// backward:  ∂L/∂W += (∂L/∂y)ᵀ · x
///            ∂L/∂b += Σ_rows ∂L/∂y
///            ∂L/∂x  = ∂L/∂y · W
/// ```
///
/// The weight is stored `[out, in]` exactly as PyTorch stores it, under the state-dict names
/// `weight` and `bias` (the bias as a 1 × out row vector). All three products go through BLAS.
public final class Linear<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    public let inputSize: Int
    public let outputSize: Int
    /// W, shape [outputSize, inputSize].
    public let weight: Parameter<Scalar>
    /// b, shape [1, outputSize]; `nil` for a layer built with `bias: false`.
    public let bias: Parameter<Scalar>?
    public var phase: LearningPhase = .training

    /// The input of the last `forward`, kept for ∂L/∂W.
    private var input: Tensor<Scalar>?

    /// A layer with weights drawn by `initialization` from `generator`.
    public init(
        inputSize: Int, outputSize: Int, bias: Bool = true,
        initialization: LinearInitialization = .pytorchDefault,
        generator: inout RandomGenerator
    ) {
        checkPrecondition(
            inputSize > 0 && outputSize > 0,
            "Linear(\(inputSize) -> \(outputSize)): sizes must be positive")
        self.inputSize = inputSize
        self.outputSize = outputSize
        let weight: Tensor<Scalar> = initialization.weight(rows: outputSize, columns: inputSize, using: &generator)
        self.weight = Parameter(weight, role: .weight)
        if bias {
            let value: Tensor<Scalar> = initialization.bias(fanIn: inputSize, outputSize: outputSize, using: &generator)
            self.bias = Parameter(value, role: .bias)
        } else {
            self.bias = nil
        }
    }

    /// A layer with the given weight `[out, in]` and bias (`[1, out]`, or `nil` for none), e.g. the
    /// values of a PyTorch fixture.
    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>?) {
        self.outputSize = weight.rows
        self.inputSize = weight.columns
        checkPrecondition(
            inputSize > 0 && outputSize > 0,
            "Linear: weight shape \(weight.shape) must be [out, in] with both sizes positive")
        if let bias {
            checkPrecondition(
                bias.count == outputSize,
                "Linear(\(inputSize) -> \(outputSize)): bias shape \(bias.shape) does not match \(outputSize) outputs; pass a [1, \(outputSize)] row vector")
        }
        self.weight = Parameter(weight, role: .weight)
        self.bias = bias.map { Parameter($0.reshaped(rows: 1, columns: $0.count), role: .bias) }
    }

    public var description: String { "Linear(\(inputSize) -> \(outputSize))" }

    public var namedParameters: [(name: String, parameter: Parameter<Scalar>)] {
        if let bias { return [("weight", weight), ("bias", bias)] }
        return [("weight", weight)]
    }

    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        checkPrecondition(
            input.columns == inputSize,
            "\(self): input has \(input.columns) features, expected \(inputSize); input shape \(input.shape)")
        self.input = input
        // y = b (one copy per row), then y ← x·Wᵀ + y in a single gemm, as PyTorch's addmm does.
        if let bias {
            var output = bias.value.repeatedAsRows(input.rows)
            Tensor.matmul(input, transposed: false, weight.value, transposed: true, into: &output, accumulate: true)
            return output
        }
        var output = Tensor<Scalar>.uninitialized(rows: input.rows, columns: outputSize)
        Tensor.matmul(input, transposed: false, weight.value, transposed: true, into: &output)
        return output
    }

    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        accumulateParameterGradients(outputGradient)
        // ∂L/∂x = ∂L/∂y · W
        var inputGradient = Tensor<Scalar>.uninitialized(rows: outputGradient.rows, columns: inputSize)
        Tensor.matmul(outputGradient, weight.value, into: &inputGradient)
        return inputGradient
    }

    public func accumulateParameterGradients(_ outputGradient: Tensor<Scalar>) {
        guard let input else { failPrecondition("\(self): backward called before forward") }
        checkPrecondition(
            outputGradient.shape == Shape(input.rows, outputSize),
            "\(self): output gradient has shape \(outputGradient.shape), expected \(Shape(input.rows, outputSize)) (the output of the last forward)")
        // ∂L/∂W += (∂L/∂y)ᵀ · x
        Tensor.matmul(outputGradient, transposed: true, input, into: &weight.gradient, accumulate: true)
        // ∂L/∂b += Σ_rows ∂L/∂y
        bias?.gradient.addColumnSums(of: outputGradient)
    }
}
