/// The max-norm constraint of dropout networks: after each optimiser step, the incoming weight
/// vector of every hidden unit is projected back into the ball of radius `c`.
///
/// For a `Linear` weight of shape [out, in], unit `i`'s incoming weights are row `i`:
///
/// ```
/// if ‖wᵢ‖₂ > c:   wᵢ ← wᵢ · c / ‖wᵢ‖₂
/// ```
///
/// Rows already inside the ball are left unchanged. (PyTorch's `torch.renorm` divides by
/// `‖wᵢ‖ + 1e-7` instead; this is the exact projection.)
///
/// ### References
/// Srivastava, Hinton, Krizhevsky, Sutskever & Salakhutdinov, "Dropout: A Simple Way to Prevent
/// Neural Networks from Overfitting", JMLR 2014, §5.1.
public struct MaxNormConstraint: Sendable {
    /// c > 0.
    public let maxNorm: Double
    public let selection: ParameterSelection

    public init(maxNorm: Double, appliesTo selection: ParameterSelection = .weightsOnly) throws {
        try validate(maxNorm, named: "maxNorm", in: "MaxNormConstraint", atLeast: 0, lowerIncluded: false)
        self.maxNorm = maxNorm
        self.selection = selection
    }

    /// Rescales every row of each selected parameter whose norm exceeds `maxNorm`; returns how
    /// many rows were rescaled.
    @discardableResult
    public func apply<Scalar>(to parameters: [Parameter<Scalar>]) -> Int {
        var rescaled = 0
        for parameter in parameters where selection.includes(parameter) {
            rescaled += projectRows(&parameter.value, maxNorm: Scalar(maxNorm))
        }
        return rescaled
    }
}

/// Scales each row of `w` with `‖row‖ > c` to norm `c`; returns the number of rows scaled.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func projectRows<Scalar: TensorScalar>(_ w: inout Tensor<Scalar>, maxNorm c: Scalar) -> Int {
    let width = w.columns
    let height = w.rows
    var rescaled = 0
    w.withUnsafeMutableBufferPointer { w in
        for i in 0..<height {
            let row = w.baseAddress! + i * width
            var sumOfSquares = 0.0
            for j in 0..<width { sumOfSquares += Double(row[j]) * Double(row[j]) }
            let norm = sumOfSquares.squareRoot()
            guard norm > Double(c) else { continue }
            let factor = Scalar(Double(c) / norm)
            for j in 0..<width { row[j] *= factor }
            rescaled += 1
        }
    }
    return rescaled
}
