import Preconditions

/// Row-wise softmax and log-softmax, the numerically stable way.
///
/// Each row `z` of logits (one example) becomes a probability distribution over its columns
/// (classes). With a temperature `T` the logits are divided by `T` first (`T > 1` softens the
/// distribution, as in knowledge distillation):
///
/// ```
/// softmax(z / T)ᵢ    = exp(zᵢ/T − m) / Σⱼ exp(zⱼ/T − m)
/// logSoftmax(z / T)ᵢ = zᵢ/T − m − log Σⱼ exp(zⱼ/T − m),     m = maxⱼ zⱼ/T
/// ```
///
/// Subtracting the row maximum `m` changes nothing mathematically but keeps every `exp` in
/// `(0, 1]`, so logits of 10⁴ neither overflow nor turn into NaN.
extension Tensor {
    /// The softmax of every row of `self / temperature`.
    public func softmax(temperature: Scalar = 1) -> Tensor {
        var result = self
        result.applySoftmaxPerRow(temperature: temperature, logarithm: false)
        return result
    }

    /// The log-softmax of every row of `self / temperature` (log-probabilities).
    public func logSoftmax(temperature: Scalar = 1) -> Tensor {
        var result = self
        result.applySoftmaxPerRow(temperature: temperature, logarithm: true)
        return result
    }

    /// Replaces every row by its (log-)softmax after dividing by `temperature`, in place.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func applySoftmaxPerRow(temperature: Scalar = 1, logarithm: Bool) {
        checkPrecondition(temperature > 0, "softmax: temperature = \(temperature) must be > 0")
        let width = columns
        let height = rows
        guard width > 0 else { return }
        let inverseTemperature = 1 / temperature
        scalars.withUnsafeMutableBufferPointer { z in
            for i in 0..<height {
                let row = z.baseAddress! + i * width
                if temperature != 1 {
                    for j in 0..<width { row[j] *= inverseTemperature }
                }
                var maximum = row[0]
                for j in 1..<width where row[j] > maximum { maximum = row[j] }
                var total: Scalar = 0
                for j in 0..<width { total += Scalar.exp(row[j] - maximum) }
                if logarithm {
                    let logTotal = Scalar.log(total)
                    for j in 0..<width { row[j] = row[j] - maximum - logTotal }
                } else {
                    let inverseTotal = 1 / total
                    for j in 0..<width { row[j] = Scalar.exp(row[j] - maximum) * inverseTotal }
                }
            }
        }
    }
}
