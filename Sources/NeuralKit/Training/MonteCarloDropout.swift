/// Monte-Carlo dropout: the predictive distribution of a dropout network, approximated by
/// averaging the softmax over N stochastic forward passes with dropout left on (and everything
/// else, e.g. BatchNorm, in evaluation mode). The spread between passes is a measure of the
/// model's uncertainty.
///
/// ```
/// p⁽ᵗ⁾ = softmax(f(x; dropout mask t))          t = 1 … N
/// mean      p̄ = (1/N) Σₜ p⁽ᵗ⁾
/// variance  σ² = (1/N) Σₜ (p⁽ᵗ⁾ − p̄)²           per class
/// entropy   H = −Σ_c p̄_c log p̄_c                 per example (predictive entropy)
/// ```
///
/// ### References
/// - Y. Gal, Z. Ghahramani, "Dropout as a Bayesian Approximation: Representing Model
///   Uncertainty in Deep Learning", ICML 2016.
public struct MonteCarloPrediction: Sendable, Equatable {
    /// p̄, n × classes: the mean of the softmax over the passes.
    public var mean: Tensor<Float>
    /// σ², n × classes: the variance of each class probability over the passes.
    public var variance: Tensor<Float>
    /// H(p̄) per example, in nats.
    public var predictiveEntropy: [Float]
    /// N, the number of passes.
    public var passes: Int

    /// The class with the highest mean probability, per example.
    public var predictedClasses: [Int] { mean.argmaxPerRow() }
}

extension Layer where Scalar == Float {
    /// Monte-Carlo dropout prediction over `passes` stochastic forward passes of `features`.
    ///
    /// The network is put in evaluation mode and then only its dropout layers (`Dropout`,
    /// `StandardDropout`, found through `allLayers`) are switched to training mode; afterwards every
    /// layer gets its previous phase back. The masks come from the dropout layers' own generators.
    ///
    /// - Parameter passes: N ≥ 1.
    public func monteCarloPrediction(
        _ features: Tensor<Float>, passes: Int, batchSize: Int = 1024
    ) throws -> MonteCarloPrediction {
        try validate(passes, named: "passes", in: "monteCarloPrediction", atLeast: 1)
        try validate(batchSize, named: "batchSize", in: "monteCarloPrediction", atLeast: 1)
        let previousPhase = phase
        eval()
        setDropoutPhase(.training, in: self)
        defer { setPhase(previousPhase) }

        var sums: [Double] = []
        var squares: [Double] = []
        var columns = 0
        for _ in 0..<passes {
            let probabilities = batchedForward(features, batchSize: batchSize).softmax()
            if sums.isEmpty {
                columns = probabilities.columns
                sums = [Double](repeating: 0, count: probabilities.count)
                squares = sums
            }
            probabilities.withUnsafeBufferPointer { p in
                for k in p.indices {
                    let value = Double(p[k])
                    sums[k] += value
                    squares[k] += value * value
                }
            }
        }
        let n = Double(passes)
        let means = sums.map { $0 / n }
        let variances = zip(squares, means).map { max(0, $0 / n - $1 * $1) }
        let rows = features.rows
        var entropy = [Float](repeating: 0, count: rows)
        for i in 0..<rows {
            var h = 0.0
            for c in 0..<columns where means[i * columns + c] > 0 {
                h -= means[i * columns + c] * Double.log(means[i * columns + c])
            }
            entropy[i] = Float(h)
        }
        return MonteCarloPrediction(
            mean: Tensor(rows: rows, columns: columns, scalars: means.map { Float($0) }),
            variance: Tensor(rows: rows, columns: columns, scalars: variances.map { Float($0) }),
            predictiveEntropy: entropy, passes: passes)
    }
}

/// Sets the phase of every dropout layer inside `layer`, however deeply nested. Stochastic depth
/// (a residual block's drop path) is not dropout and stays as it is.
private func setDropoutPhase(_ phase: LearningPhase, in layer: any Layer<Float>) {
    for child in layer.allLayers {
        switch child {
        case let dropout as Dropout<Float>: dropout.phase = phase
        case let dropout as StandardDropout<Float>: dropout.phase = phase
        default: break
        }
    }
}
