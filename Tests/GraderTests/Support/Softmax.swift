import Foundation
import NeuralKit

/// Stable row-wise (log-)softmax for the test variants.
func logSoftmax(_ z: Tensor<Double>, temperature: Double = 1) -> Tensor<Double> {
    var result = z
    for i in 0..<z.rows {
        let row = (0..<z.columns).map { z[i, $0] / temperature }
        let maximum = row.max()!
        let logSum = maximum + log(row.reduce(0) { $0 + exp($1 - maximum) })
        for c in 0..<z.columns { result[i, c] = row[c] - logSum }
    }
    return result
}

func softmax(_ z: Tensor<Double>, temperature: Double = 1) -> Tensor<Double> {
    logSoftmax(z, temperature: temperature).map { exp($0) }
}

func oneHot(_ labels: [Int], classes: Int) -> Tensor<Double> {
    var result = Tensor<Double>(rows: labels.count, columns: classes)
    for (i, label) in labels.enumerated() { result[i, label] = 1 }
    return result
}

/// The distillation loss with its pieces exposed, so that variants can get one piece wrong.
func distillation(
    _ z: Tensor<Double>, _ v: Tensor<Double>, _ labels: [Int], _ t: Double, _ alpha: Double,
    temperatureFactor: Double? = nil, reversed: Bool = false, divisor: Double? = nil
) -> Double {
    let n = Double(z.rows)
    let logQ = logSoftmax(z, temperature: t)
    let logP = logSoftmax(v, temperature: t)
    let kl = reversed
        ? (logQ.map { exp($0) } * (logQ - logP)).sum()
        : (logP.map { exp($0) } * (logP - logQ)).sum()
    let crossEntropy = -(oneHot(labels, classes: z.columns) * logSoftmax(z)).sum() / n
    return alpha * (temperatureFactor ?? t * t) * kl / (divisor ?? n) + (1 - alpha) * crossEntropy
}

func distillationGradient(
    _ z: Tensor<Double>, _ v: Tensor<Double>, _ labels: [Int], _ t: Double, _ alpha: Double, temperatureFactor: Double? = nil
) -> Tensor<Double> {
    let n = Double(z.rows)
    let soft = (alpha * (temperatureFactor ?? t * t) / t / n) * (softmax(z, temperature: t) - softmax(v, temperature: t))
    let hard = ((1 - alpha) / n) * (softmax(z) - oneHot(labels, classes: z.columns))
    return soft + hard
}
