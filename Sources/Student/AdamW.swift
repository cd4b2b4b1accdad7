import Foundation
import NeuralKit

// Exercise 6: AdamW next to Adam with an L2 term, and cross-entropy with label smoothing.
// Sheet: lessons/exercises/06-adamw-label-smoothing.md
//
// Adam with L2 (PyTorch's `Adam(weight_decay: λ)`): the decay goes INTO the gradient, so it is
// rescaled by the adaptive denominator like every other gradient component:
//
//     g ← ∇L(w) + λ w
//     t ← t + 1;  m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²
//     m̂ = m / (1 − β₁ᵗ);  v̂ = v / (1 − β₂ᵗ)
//     w ← w − η m̂ / (√v̂ + ε)
//
// AdamW (Loshchilov & Hutter, 2019; PyTorch's `AdamW`): the decay is decoupled, applied to the
// weights directly, OUTSIDE the adaptive step:
//
//     w ← w − η λ w                      (first, with the weights before the step)
//     g ← ∇L(w);  the same m, v, m̂, v̂ updates;  w ← w − η m̂ / (√v̂ + ε)
//
// Cross-entropy with label smoothing ε over C classes (PyTorch's `label_smoothing`), mean over rows:
//
//     target_ic = (1 − ε) · [c = label_i] + ε / C
//     L = −(1/N) Σ_i Σ_c target_ic · log softmax(z_i)_c
//     ∂L/∂z_ic = (softmax(z_i)_c − target_ic) / N

// `AdamState` (the step count `t` and the moments `m`, `v`) is defined in ExerciseTypes.

/// One step of Adam with an L2 penalty added to the gradient (`g ← ∇L + λw`). Returns the new
/// weights and updates `state`.
public func adamWithL2Step(
    weights: [Double], gradient: [Double], state: inout AdamState,
    learningRate: Double, weightDecay: Double,
    beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8
) throws -> [Double] {
    // BEGIN SOLUTION
    var newWeights = weights
    state.step += 1
    let t = Double(state.step)
    for i in weights.indices {
        let g = gradient[i] + weightDecay * weights[i]
        state.firstMoment[i] = beta1 * state.firstMoment[i] + (1 - beta1) * g
        state.secondMoment[i] = beta2 * state.secondMoment[i] + (1 - beta2) * g * g
        let mHat = state.firstMoment[i] / (1 - pow(beta1, t))
        let vHat = state.secondMoment[i] / (1 - pow(beta2, t))
        newWeights[i] -= learningRate * mHat / (vHat.squareRoot() + epsilon)
    }
    return newWeights
    // END SOLUTION
}

/// One step of AdamW: decoupled weight decay `w ← w − ηλw`, then the Adam step on `∇L` alone.
/// Returns the new weights and updates `state`.
public func adamWStep(
    weights: [Double], gradient: [Double], state: inout AdamState,
    learningRate: Double, weightDecay: Double,
    beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8
) throws -> [Double] {
    // BEGIN SOLUTION
    var newWeights = weights
    state.step += 1
    let t = Double(state.step)
    for i in weights.indices {
        newWeights[i] -= learningRate * weightDecay * weights[i]
        let g = gradient[i]
        state.firstMoment[i] = beta1 * state.firstMoment[i] + (1 - beta1) * g
        state.secondMoment[i] = beta2 * state.secondMoment[i] + (1 - beta2) * g * g
        let mHat = state.firstMoment[i] / (1 - pow(beta1, t))
        let vHat = state.secondMoment[i] / (1 - pow(beta2, t))
        newWeights[i] -= learningRate * mHat / (vHat.squareRoot() + epsilon)
    }
    return newWeights
    // END SOLUTION
}

/// Cross-entropy with label smoothing `smoothing` (ε ∈ [0, 1]), averaged over the rows of `logits`.
public func crossEntropyWithLabelSmoothing(logits: Tensor<Double>, labels: [Int], smoothing: Double) throws -> Double {
    // BEGIN SOLUTION
    let classes = Double(logits.columns)
    var loss = 0.0
    for i in 0..<logits.rows {
        let logProbabilities = logSoftmax(row: i, of: logits)
        for c in 0..<logits.columns {
            let target = (1 - smoothing) * (c == labels[i] ? 1 : 0) + smoothing / classes
            loss -= target * logProbabilities[c]
        }
    }
    return loss / Double(logits.rows)
    // END SOLUTION
}

/// `∂L/∂z` of `crossEntropyWithLabelSmoothing`.
public func crossEntropyWithLabelSmoothingGradient(
    logits: Tensor<Double>, labels: [Int], smoothing: Double
) throws -> Tensor<Double> {
    // BEGIN SOLUTION
    let classes = Double(logits.columns)
    var gradient = Tensor<Double>(shape: logits.shape)
    for i in 0..<logits.rows {
        let logProbabilities = logSoftmax(row: i, of: logits)
        for c in 0..<logits.columns {
            let target = (1 - smoothing) * (c == labels[i] ? 1 : 0) + smoothing / classes
            gradient[i, c] = (exp(logProbabilities[c]) - target) / Double(logits.rows)
        }
    }
    return gradient
    // END SOLUTION
}
// BEGIN SOLUTION: 

/// `log softmax` of one row, stable for large logits.
private func logSoftmax(row i: Int, of logits: Tensor<Double>) -> [Double] {
    var maximum = -Double.infinity
    for c in 0..<logits.columns { maximum = max(maximum, logits[i, c]) }
    var sum = 0.0
    for c in 0..<logits.columns { sum += exp(logits[i, c] - maximum) }
    let logSum = maximum + log(sum)
    return (0..<logits.columns).map { logits[i, $0] - logSum }
}
// END SOLUTION
