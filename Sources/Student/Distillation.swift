import Foundation
import NeuralKit

// Exercise 5: knowledge distillation (Hinton, Vinyals & Dean, 2015). Sheet: lessons/exercises/05-distillation.md
//
// With student logits z, teacher logits v, temperature T, weight α and N rows in the batch:
//
//     q = softmax(z / T)        p = softmax(v / T)          (softened distributions, per row)
//     KL = (1/N) Σ_i Σ_c p_ic (log p_ic − log q_ic)          ("batchmean": divide by N, not N·C)
//     CE = (1/N) Σ_i −log softmax(z_i)_{label_i}            (T = 1 here)
//     L  = α · T² · KL + (1 − α) · CE
//
//     ∂L/∂z_ic = α · T · (q_ic − p_ic) / N + (1 − α) · (softmax(z_i)_c − [c = label_i]) / N
//
// Softmax must stay finite for logits like 1000: subtract each row's maximum first.

/// The distillation loss `α·T²·KL(p‖q) + (1 − α)·CE`, averaged over the batch as above.
///
/// - Parameters:
///   - studentLogits: `z`, batch × classes.
///   - teacherLogits: `v`, the same shape.
///   - labels: the true class of each row, in `0..<classes`.
///   - temperature: `T` > 0.
///   - alpha: `α` ∈ [0, 1], the weight of the distillation term.
public func distillationLoss(
    studentLogits: Tensor<Double>, teacherLogits: Tensor<Double>, labels: [Int],
    temperature: Double, alpha: Double
) throws -> Double {
    // BEGIN SOLUTION
    let n = Double(studentLogits.rows)
    let q = logSoftmaxRows(studentLogits, temperature: temperature)
    let p = logSoftmaxRows(teacherLogits, temperature: temperature)
    let logProbabilities = logSoftmaxRows(studentLogits, temperature: 1)
    var kl = 0.0
    var crossEntropy = 0.0
    for i in 0..<studentLogits.rows {
        for c in 0..<studentLogits.columns {
            kl += exp(p[i, c]) * (p[i, c] - q[i, c])
        }
        crossEntropy -= logProbabilities[i, labels[i]]
    }
    let t2 = temperature * temperature
    return alpha * t2 * kl / n + (1 - alpha) * crossEntropy / n
    // END SOLUTION
}

/// `∂L/∂z`, the gradient of `distillationLoss` with respect to the student's logits.
public func distillationLossGradient(
    studentLogits: Tensor<Double>, teacherLogits: Tensor<Double>, labels: [Int],
    temperature: Double, alpha: Double
) throws -> Tensor<Double> {
    // BEGIN SOLUTION
    let n = Double(studentLogits.rows)
    let q = logSoftmaxRows(studentLogits, temperature: temperature)
    let p = logSoftmaxRows(teacherLogits, temperature: temperature)
    let logProbabilities = logSoftmaxRows(studentLogits, temperature: 1)
    var gradient = Tensor<Double>(shape: studentLogits.shape)
    for i in 0..<studentLogits.rows {
        for c in 0..<studentLogits.columns {
            let softened = alpha * temperature * (exp(q[i, c]) - exp(p[i, c]))
            let oneHot: Double = c == labels[i] ? 1 : 0
            let hard = (1 - alpha) * (exp(logProbabilities[i, c]) - oneHot)
            gradient[i, c] = (softened + hard) / n
        }
    }
    return gradient
    // END SOLUTION
}
// BEGIN SOLUTION: 

/// `log softmax(z / T)` per row, stable for large logits (the row maximum is subtracted first).
private func logSoftmaxRows(_ logits: Tensor<Double>, temperature: Double) -> Tensor<Double> {
    var result = Tensor<Double>(shape: logits.shape)
    for i in 0..<logits.rows {
        var maximum = -Double.infinity
        for c in 0..<logits.columns { maximum = max(maximum, logits[i, c] / temperature) }
        var sum = 0.0
        for c in 0..<logits.columns { sum += exp(logits[i, c] / temperature - maximum) }
        let logSum = maximum + log(sum)
        for c in 0..<logits.columns { result[i, c] = logits[i, c] / temperature - logSum }
    }
    return result
}
// END SOLUTION
