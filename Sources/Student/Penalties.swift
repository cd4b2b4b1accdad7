import NeuralKit

// Exercise 2: weight penalties and weight decay. Sheet: lessons/exercises/02-penalties.md
//
//     L1:          Ω(w) = λ Σ |w_i|                 ∂Ω/∂w_i = λ · sign(w_i), with sign(0) = 0
//     L2:          Ω(w) = (λ/2) Σ w_i²              ∂Ω/∂w_i = λ · w_i
//     elastic net: Ω(w) = λ₁ Σ |w_i| + (λ₂/2) Σ w_i²
//     SGD step with weight decay:  w ← (1 − ηλ) w − η ∇L(w)

/// The L1 penalty `λ Σ|w_i|`, with `strength` (λ) ≥ 0.
public func l1Penalty(_ weights: [Double], strength: Double) throws -> Double {
    // BEGIN SOLUTION
    strength * weights.reduce(0) { $0 + abs($1) }
    // END SOLUTION
}

/// The gradient of the L1 penalty: `λ · sign(w_i)`, where `sign(0) = 0` (the subgradient PyTorch's
/// `torch.sign` picks).
public func l1Gradient(_ weights: [Double], strength: Double) throws -> [Double] {
    // BEGIN SOLUTION
    weights.map { w in w > 0 ? strength : (w < 0 ? -strength : 0) }
    // END SOLUTION
}

/// The L2 penalty `(λ/2) Σ w_i²`, with `strength` (λ) ≥ 0.
public func l2Penalty(_ weights: [Double], strength: Double) throws -> Double {
    // BEGIN SOLUTION
    strength / 2 * weights.reduce(0) { $0 + $1 * $1 }
    // END SOLUTION
}

/// The gradient of the L2 penalty: `λ · w_i`.
public func l2Gradient(_ weights: [Double], strength: Double) throws -> [Double] {
    // BEGIN SOLUTION
    weights.map { strength * $0 }
    // END SOLUTION
}

/// The elastic-net penalty `λ₁ Σ|w_i| + (λ₂/2) Σ w_i²`.
public func elasticNetPenalty(_ weights: [Double], l1Strength: Double, l2Strength: Double) throws -> Double {
    // BEGIN SOLUTION
    try l1Penalty(weights, strength: l1Strength) + l2Penalty(weights, strength: l2Strength)
    // END SOLUTION
}

/// The gradient of the elastic-net penalty: `λ₁ · sign(w_i) + λ₂ · w_i`.
public func elasticNetGradient(_ weights: [Double], l1Strength: Double, l2Strength: Double) throws -> [Double] {
    // BEGIN SOLUTION
    let l1 = try l1Gradient(weights, strength: l1Strength)
    let l2 = try l2Gradient(weights, strength: l2Strength)
    return zip(l1, l2).map { $0 + $1 }
    // END SOLUTION
}

/// One step of stochastic gradient descent with weight decay:
///
///     w ← (1 − ηλ) w − η ∇L(w)
///
/// - Parameters:
///   - weights: `w`.
///   - gradient: `∇L(w)`, the gradient of the data loss only (no penalty in it).
///   - learningRate: `η` > 0.
///   - weightDecay: `λ` ≥ 0.
/// - Returns: the new weights.
public func sgdStepWithWeightDecay(
    weights: [Double], gradient: [Double], learningRate: Double, weightDecay: Double
) throws -> [Double] {
    // BEGIN SOLUTION
    precondition(weights.count == gradient.count, "sgdStepWithWeightDecay: \(weights.count) weights, \(gradient.count) gradients")
    let decay = 1 - learningRate * weightDecay
    return zip(weights, gradient).map { w, g in decay * w - learningRate * g }
    // END SOLUTION
}
