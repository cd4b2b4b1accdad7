import Preconditions

// Finite-difference checks of hand-written backward passes, in `Double`.
//
// A backward pass is trusted only once it agrees with the derivative measured directly:
//
// ```
// ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h        (central difference, error O(h²))
// relative error = maxᵢ |aᵢ − nᵢ| / max(10⁻⁸, |aᵢ| + |nᵢ|)
// ```
//
// The relative error is CS231n's: element by element, then the worst element. In `Double` with
// h = 10⁻⁵ a correct backward gives about 10⁻⁹ or less; the project's bar is 10⁻⁷.
//
// ### References
// - CS231n, "Gradient checks" (Stanford course notes, neural-networks-3).

/// CS231n's relative error of two numbers: `|a − b| / max(10⁻⁸, |a| + |b|)`.
public func relativeError(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(1e-8, abs(a) + abs(b))
}

/// The largest element-wise CS231n relative error between two tensors of the same shape.
public func relativeError(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double {
    checkPrecondition(a.shape == b.shape, "relativeError: shapes \(a.shape) and \(b.shape) differ")
    var worst = 0.0
    for i in 0..<a.count {
        worst = max(worst, relativeError(a.scalars[i], b.scalars[i]))
    }
    return worst
}

/// The central-difference gradient of a scalar function of a tensor:
/// `(f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h` for every element i.
public func numericalGradient(
    of function: (Tensor<Double>) -> Double, at point: Tensor<Double>, step: Double = 1e-5
) -> Tensor<Double> {
    var gradient = Tensor<Double>.zeros(like: point)
    var probe = point
    for i in 0..<point.count {
        let original = probe.scalars[i]
        probe.scalars[i] = original + step
        let above = function(probe)
        probe.scalars[i] = original - step
        let below = function(probe)
        probe.scalars[i] = original
        gradient.scalars[i] = (above - below) / (2 * step)
    }
    return gradient
}

/// The outcome of `checkGradients`: the relative error of every checked gradient, by name
/// (`input`, then the layer's parameter names such as `weight` or `0.bias`).
public struct GradientCheckReport: CustomStringConvertible, Sendable {
    public let errors: [(name: String, error: Double)]

    /// The worst relative error over all checked gradients.
    public var maxError: Double { errors.map(\.error).max() ?? 0 }

    public func error(for name: String) -> Double? {
        errors.first { $0.name == name }?.error
    }

    public var description: String {
        errors.map { "\($0.name): \($0.error)" }.joined(separator: ", ")
    }
}

/// Compares `layer`'s backward pass with finite differences.
///
/// The scalar loss is `L = Σ y ⊙ R` for the layer output y and a fixed random tensor R (seeded by
/// `seed`), so ∂L/∂y = R. The analytic gradients are one `backward(R)` after one `forward`; the
/// numerical ones perturb each element of the input and of every parameter by ±`step`.
///
/// A layer that draws random numbers (dropout, drop path) must see the same draws in every
/// forward: pass `beforeEachForward` to restore its generator. The layer's phase is used as it is
/// (a `BatchNorm1d` in training mode is checked with batch statistics). Parameter gradients are
/// zeroed first and left holding the analytic gradient.
public func checkGradients<L: Layer>(
    of layer: L, input: Tensor<Double>, seed: UInt64 = 0, step: Double = 1e-5,
    beforeEachForward: () -> Void = {}
) -> GradientCheckReport where L.Scalar == Double {
    func loss(of output: Tensor<Double>, weights: Tensor<Double>) -> Double {
        var total = 0.0
        for i in 0..<output.count { total += output.scalars[i] * weights.scalars[i] }
        return total
    }

    beforeEachForward()
    let output = layer.forward(input)
    var generator = RandomGenerator(seed: seed)
    let lossWeights = Tensor<Double>.normal(rows: output.rows, columns: output.columns, using: &generator)
    layer.zeroGradients()
    let analyticInputGradient = layer.backward(lossWeights)
    let namedParameters = layer.namedParameters
    let analyticParameterGradients = namedParameters.map { $0.parameter.gradient }

    func lossAt(_ input: Tensor<Double>) -> Double {
        beforeEachForward()
        return loss(of: layer.forward(input), weights: lossWeights)
    }

    var errors: [(name: String, error: Double)] = []
    let numericalInputGradient = numericalGradient(of: lossAt, at: input, step: step)
    errors.append(("input", relativeError(analyticInputGradient, numericalInputGradient)))

    for (index, entry) in namedParameters.enumerated() {
        let parameter = entry.parameter
        let original = parameter.value
        let numerical = numericalGradient(
            of: { value in
                parameter.value = value
                return lossAt(input)
            },
            at: original, step: step)
        parameter.value = original
        errors.append((entry.name, relativeError(analyticParameterGradients[index], numerical)))
    }
    return GradientCheckReport(errors: errors)
}
