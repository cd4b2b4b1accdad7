import Foundation
import NeuralKit

/// Small measurements the distillation lesson makes on predicted distributions.
public enum DistillationMeasures {
    /// Shannon entropy in nats, `H(p) = −Σ_c p_c log p_c`, averaged over the rows of `probabilities`.
    public static func meanEntropy(_ probabilities: Tensor<Float>) -> Double {
        var total = 0.0
        for i in 0..<probabilities.rows {
            for c in 0..<probabilities.columns {
                let p = Double(probabilities[i, c])
                if p > 0 { total -= p * log(p) }
            }
        }
        return total / Double(probabilities.rows)
    }

    /// The mean of `max_c p_c` over the rows: how confident the predictions are.
    public static func meanConfidence(_ probabilities: Tensor<Float>) -> Double {
        (0..<probabilities.rows).reduce(0.0) { sum, i in
            sum + Double((0..<probabilities.columns).map { probabilities[i, $0] }.max()!)
        } / Double(probabilities.rows)
    }

    /// Share of rows whose argmax equals the label.
    public static func accuracy(_ logits: Tensor<Float>, labels: [Int]) -> Double {
        Double(zip(logits.argmaxPerRow(), labels).filter { $0 == $1 }.count) / Double(labels.count)
    }

    /// The logits of an ensemble: `log((1/M) Σ_m softmax(z_m))`, whose softmax at T = 1 is the
    /// averaged probability. (At T ≠ 1 this softens the averaged distribution.)
    public static func ensembleLogits(_ members: [Tensor<Float>]) -> Tensor<Float> {
        var mean = members[0].softmax()
        for member in members.dropFirst() { mean += member.softmax() }
        var logits = mean
        for i in 0..<logits.rows {
            for c in 0..<logits.columns {
                logits[i, c] = Float(log(max(Double(mean[i, c]) / Double(members.count), 1e-30)))
            }
        }
        return logits
    }
}
