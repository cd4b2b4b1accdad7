/// Rescales all gradients together so that their total L2 norm is at most `maxNorm`, exactly as
/// PyTorch's `torch.nn.utils.clip_grad_norm_`, and returns the total norm before clipping.
///
/// ```
/// ‖g‖ = √(Σ over all parameters and elements of g²)
/// if maxNorm / (‖g‖ + 1e-6) < 1:   g ← g · maxNorm / (‖g‖ + 1e-6)
/// ```
///
/// The direction of the full gradient is kept; only its length is capped, which tames exploding
/// gradients without biasing the step.
///
/// ### References
/// Pascanu, Mikolov & Bengio, "On the difficulty of training recurrent neural networks", ICML 2013.
@discardableResult
public func clipGradientNorm<Scalar>(_ parameters: [Parameter<Scalar>], maxNorm: Double) throws -> Scalar {
    try validate(maxNorm, named: "maxNorm", in: "clipGradientNorm", atLeast: 0)
    var sumOfSquares = 0.0
    for parameter in parameters { sumOfSquares += Double(parameter.gradient.sumOfSquares()) }
    let totalNorm = sumOfSquares.squareRoot()
    let clipCoefficient = maxNorm / (totalNorm + 1e-6)
    if clipCoefficient < 1 {
        for parameter in parameters { parameter.gradient.scale(by: Scalar(clipCoefficient)) }
    }
    return Scalar(totalNorm)
}

/// Clamps every gradient element into `[−clipValue, clipValue]`, as PyTorch's
/// `torch.nn.utils.clip_grad_value_`.
public func clipGradientValue<Scalar>(_ parameters: [Parameter<Scalar>], clipValue: Double) throws {
    try validate(clipValue, named: "clipValue", in: "clipGradientValue", atLeast: 0)
    for parameter in parameters { clamp(&parameter.gradient, to: Scalar(clipValue)) }
}

/// `g ← min(max(g, −c), c)`, element-wise.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func clamp<Scalar: TensorScalar>(_ g: inout Tensor<Scalar>, to c: Scalar) {
    let count = g.count
    guard count > 0 else { return }
    g.withUnsafeMutableBufferPointer { gradientBuffer in
        let g = gradientBuffer.baseAddress!  // a plain pointer, so the loop vectorises
        for k in 0..<count { g[k] = min(max(g[k], -c), c) }
    }
}
