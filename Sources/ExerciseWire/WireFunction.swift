/// Every function of the student's module the grader can call, by name. The arguments and results
/// of each are listed next to it (handles are integers naming an object the runner keeps alive for
/// the rest of the check).
///
/// To add an exercise: add its functions here, a case to the runner's `StudentDispatcher`, and
/// closures that send these calls to `Submission` (see `RemoteSubmission` in the grader).
public enum WireFunction: String, CaseIterable, Sendable {
    // Exercise 1
    case dropoutForward            // (x: matrix, mask: matrix, p: double) → matrix
    case dropoutBackward           // (∂L/∂y: matrix, mask: matrix, p: double) → matrix
    case dropoutNew                // (p: double, seed: int) → handle
    case dropoutSetTraining        // (handle, training: bool) → ()
    case dropoutLayerForward       // (handle, x: matrix) → matrix
    case dropoutLayerBackward      // (handle, ∂L/∂y: matrix) → matrix
    // Exercise 2
    case l1Penalty                 // (w: doubles, λ: double) → double
    case l1Gradient                // (w: doubles, λ: double) → doubles
    case l2Penalty
    case l2Gradient
    case elasticNetPenalty         // (w: doubles, λ₁: double, λ₂: double) → double
    case elasticNetGradient        // (w: doubles, λ₁: double, λ₂: double) → doubles
    case sgdStepWithWeightDecay    // (w: doubles, g: doubles, η: double, λ: double) → doubles
    // Exercise 3
    case batchNormNew              // (features: int, ε: double, momentum: double) → handle
    case batchNormGet              // (handle, name: text) → doubles
    case batchNormSet              // (handle, name: text, values: doubles) → ()
    case batchNormForwardTraining  // (handle, x: matrix) → matrix
    case batchNormBackward         // (handle, ∂L/∂y: matrix) → matrix
    case batchNormForwardEvaluation // (handle, x: matrix) → matrix
    // Exercise 4
    case earlyStopperNew           // (patience: int, minDelta: double) → handle
    case earlyStopperUpdate        // (handle, loss: double, weights: doubles) → stop: bool
    case earlyStopperBestWeights   // (handle) → doubles
    // Exercise 5
    case distillationLoss          // (student: matrix, teacher: matrix, labels: ints, T: double, α: double) → double
    case distillationLossGradient  // (same) → matrix
    // Exercise 6
    case adamWithL2Step            // (w, g: doubles, step: int, m, v: doubles, η, λ, β₁, β₂, ε: double) → (w, step, m, v)
    case adamWStep                 // (same) → (w, step, m, v)
    case labelSmoothingLoss        // (logits: matrix, labels: ints, ε: double) → double
    case labelSmoothingGradient    // (logits: matrix, labels: ints, ε: double) → matrix
    // Exercise 7
    case spatialDropoutForward     // (x: matrix, mask: matrix, channels: int, p: double) → matrix
    case spatialDropoutBackward    // (∂L/∂y: matrix, mask: matrix, channels: int, p: double) → matrix
    case spatialDropoutNew         // (p: double, channels: int, seed: int) → handle
    case spatialDropoutSetTraining // (handle, training: bool) → ()
    case spatialDropoutLayerForward  // (handle, x: matrix) → matrix
    case spatialDropoutLayerBackward // (handle, ∂L/∂y: matrix) → matrix
}
