import NeuralKit

// Exercise 3: batch normalisation of a batch × features input (PyTorch's BatchNorm1d).
// Sheet: lessons/exercises/03-batchnorm.md
//
// Training mode, per feature j over the N rows of the batch:
//
//     μ_j  = (1/N) Σ_i x_ij
//     σ²_j = (1/N) Σ_i (x_ij − μ_j)²                  (biased: this one normalises)
//     x̂_ij = (x_ij − μ_j) / √(σ²_j + ε)
//     y_ij = γ_j · x̂_ij + β_j
//     running_mean_j ← (1 − m) · running_mean_j + m · μ_j
//     running_var_j  ← (1 − m) · running_var_j  + m · σ²_j · N/(N − 1)   (unbiased: this one is stored)
//
// Evaluation mode uses the running statistics instead of the batch's:
//
//     y_ij = γ_j · (x_ij − running_mean_j) / √(running_var_j + ε) + β_j
//
// Backward (training mode), with g = ∂L/∂y:
//
//     ∂L/∂β_j = Σ_i g_ij        ∂L/∂γ_j = Σ_i g_ij · x̂_ij
//     ∂L/∂x_ij = γ_j / (N √(σ²_j + ε)) · (N g_ij − Σ_k g_kj − x̂_ij Σ_k g_kj x̂_kj)

/// Batch normalisation over the features (columns) of a batch × features input.
public final class BatchNormalization {
    /// The number of features (columns) `C`.
    public let featureCount: Int
    /// `ε`, added to the variance for numerical stability.
    public let epsilon: Double
    /// `m`, the weight of the current batch in the running statistics (PyTorch's `momentum`).
    public let momentum: Double
    /// `scale` (γ), one per feature, initialised to 1.
    public var scale: [Double]
    /// `shift` (β), one per feature, initialised to 0.
    public var shift: [Double]
    /// The running mean, initialised to 0.
    public var runningMean: [Double]
    /// The running (unbiased) variance, initialised to 1.
    public var runningVariance: [Double]
    /// `∂L/∂γ`, set by `backward`.
    public var scaleGradient: [Double]
    /// `∂L/∂β`, set by `backward`.
    public var shiftGradient: [Double]
    // BEGIN SOLUTION: // Add the stored properties your backward pass needs here.
    /// x̂ and 1/√(σ² + ε) from the most recent training forward pass, for `backward`.
    private var normalized: Tensor<Double>?
    private var inverseStandardDeviation: [Double] = []
    // END SOLUTION

    public init(featureCount: Int, epsilon: Double = 1e-5, momentum: Double = 0.1) throws {
        try validate(featureCount, named: "featureCount", in: "BatchNormalization", atLeast: 1)
        try validate(epsilon, named: "epsilon", in: "BatchNormalization", atLeast: 0, lowerIncluded: false)
        try validate(momentum, named: "momentum", in: "BatchNormalization", atLeast: 0, below: 1, upperIncluded: true)
        self.featureCount = featureCount
        self.epsilon = epsilon
        self.momentum = momentum
        scale = Array(repeating: 1, count: featureCount)
        shift = Array(repeating: 0, count: featureCount)
        runningMean = Array(repeating: 0, count: featureCount)
        runningVariance = Array(repeating: 1, count: featureCount)
        scaleGradient = Array(repeating: 0, count: featureCount)
        shiftGradient = Array(repeating: 0, count: featureCount)
    }

    /// The training-mode forward pass: normalises with the batch's statistics and updates the
    /// running statistics. Needs at least 2 rows (the unbiased variance divides by N − 1).
    public func forwardTraining(_ x: Tensor<Double>) throws -> Tensor<Double> {
        // BEGIN SOLUTION
        precondition(x.columns == featureCount, "BatchNormalization: input \(x.shape) has \(x.columns) features, expected \(featureCount)")
        let n = Double(x.rows)
        var y = Tensor<Double>(shape: x.shape)
        var xHat = Tensor<Double>(shape: x.shape)
        inverseStandardDeviation = Array(repeating: 0, count: featureCount)
        for j in 0..<featureCount {
            var mean = 0.0
            for i in 0..<x.rows { mean += x[i, j] }
            mean /= n
            var variance = 0.0
            for i in 0..<x.rows { variance += (x[i, j] - mean) * (x[i, j] - mean) }
            variance /= n
            let inverseStd = 1 / (variance + epsilon).squareRoot()
            for i in 0..<x.rows {
                xHat[i, j] = (x[i, j] - mean) * inverseStd
                y[i, j] = scale[j] * xHat[i, j] + shift[j]
            }
            inverseStandardDeviation[j] = inverseStd
            runningMean[j] = (1 - momentum) * runningMean[j] + momentum * mean
            runningVariance[j] = (1 - momentum) * runningVariance[j] + momentum * variance * n / (n - 1)
        }
        normalized = xHat
        return y
        // END SOLUTION
    }

    /// The backward pass of the most recent `forwardTraining`: sets `scaleGradient` and
    /// `shiftGradient` and returns `∂L/∂x`.
    public func backward(_ outputGradient: Tensor<Double>) throws -> Tensor<Double> {
        // BEGIN SOLUTION
        guard let xHat = normalized else {
            preconditionFailure("BatchNormalization.backward: call forwardTraining first")
        }
        let g = outputGradient
        let n = Double(g.rows)
        var inputGradient = Tensor<Double>(shape: g.shape)
        for j in 0..<featureCount {
            var sumG = 0.0
            var sumGXHat = 0.0
            for i in 0..<g.rows {
                sumG += g[i, j]
                sumGXHat += g[i, j] * xHat[i, j]
            }
            shiftGradient[j] = sumG
            scaleGradient[j] = sumGXHat
            let factor = scale[j] * inverseStandardDeviation[j] / n
            for i in 0..<g.rows {
                inputGradient[i, j] = factor * (n * g[i, j] - sumG - xHat[i, j] * sumGXHat)
            }
        }
        return inputGradient
        // END SOLUTION
    }

    /// The evaluation-mode forward pass: normalises with the running statistics and changes nothing.
    public func forwardEvaluation(_ x: Tensor<Double>) throws -> Tensor<Double> {
        // BEGIN SOLUTION
        precondition(x.columns == featureCount, "BatchNormalization: input \(x.shape) has \(x.columns) features, expected \(featureCount)")
        var y = Tensor<Double>(shape: x.shape)
        for j in 0..<featureCount {
            let inverseStd = 1 / (runningVariance[j] + epsilon).squareRoot()
            for i in 0..<x.rows {
                y[i, j] = scale[j] * (x[i, j] - runningMean[j]) * inverseStd + shift[j]
            }
        }
        return y
        // END SOLUTION
    }
}
