import Preconditions

/// The L1 (lasso) penalty `λ·Σ|w|`, added to the loss to push weights towards zero.
///
/// ```
/// R(w)     = λ · Σₖ |wₖ|
/// ∂R/∂wₖ   = λ · sign(wₖ),      with sign(0) = 0 (a subgradient, as PyTorch's autograd uses)
/// ```
///
/// A subgradient step rarely lands exactly on zero: weights oscillate around it. For exact zeros use
/// `ProximalL1`, the soft-threshold step.
///
/// ### References
/// Tibshirani, "Regression Shrinkage and Selection via the Lasso", 1996.
public struct L1Penalty: Sendable {
    /// λ ≥ 0.
    public let strength: Double
    /// Weights only (the default) or every parameter.
    public let selection: ParameterSelection

    public init(strength: Double, appliesTo selection: ParameterSelection = .weightsOnly) throws {
        try validate(strength, named: "strength", in: "L1Penalty", atLeast: 0)
        self.strength = strength
        self.selection = selection
    }

    /// `λ·Σ|w|` over the selected parameters.
    public func value<Scalar>(of parameters: [Parameter<Scalar>]) -> Scalar {
        var total = 0.0
        for parameter in parameters where selection.includes(parameter) {
            total += Double(sumOfAbsoluteValues(parameter.value))
        }
        return Scalar(strength * total)
    }

    /// Adds `λ·sign(w)` to the gradient of each selected parameter.
    public func addGradient<Scalar>(to parameters: [Parameter<Scalar>]) {
        for parameter in parameters where selection.includes(parameter) {
            addScaledSign(of: parameter.value, scaledBy: Scalar(strength), to: &parameter.gradient)
        }
    }
}

/// `Σ|x|`, accumulated in `Double`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func sumOfAbsoluteValues<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> Scalar {
    var total = 0.0
    x.withUnsafeBufferPointer { x in
        for value in x { total += Double(abs(value)) }
    }
    return Scalar(total)
}

/// `g ← g + α·sign(w)` with `sign(0) = 0`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func addScaledSign<Scalar: TensorScalar>(of w: Tensor<Scalar>, scaledBy alpha: Scalar, to g: inout Tensor<Scalar>) {
    checkPrecondition(w.shape == g.shape, "L1Penalty: parameter \(w.shape) and gradient \(g.shape) differ")
    guard w.count > 0 else { return }
    g.withUnsafeMutableBufferPointer { gradientBuffer in
        w.withUnsafeBufferPointer { w in
            let g = gradientBuffer.baseAddress!  // a plain pointer, so the loop vectorises
            for k in 0..<w.count {
                if w[k] > 0 {
                    g[k] += alpha
                } else if w[k] < 0 {
                    g[k] -= alpha
                }
            }
        }
    }
}
