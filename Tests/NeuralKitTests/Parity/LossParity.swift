import Testing
import NeuralKit

extension ParityChecks {
    /// `F.cross_entropy(logits, targets, label_smoothing=ε)`: value and ∂L/∂logits.
    static func crossEntropy(_ fixture: Fixture) throws {
        let smoothing = try fixture.number("label_smoothing")
        let loss = smoothing == 0 ? CrossEntropyLoss() : try CrossEntropyLoss(labelSmoothing: smoothing)
        let result = loss(try fixture.tensor("logits"), try fixture.integers("targets"))
        expectParity(Double(result.value), try fixture.number("loss"), "loss", in: fixture)
        expectParity(result.gradient, try fixture.tensor("logits_gradient"), "∂L/∂logits", in: fixture)
    }

    /// `F.mse_loss(prediction, target)`: value and ∂L/∂prediction.
    static func meanSquaredError(_ fixture: Fixture) throws {
        let result = MSELoss()(try fixture.tensor("prediction"), try fixture.tensor("target"))
        expectParity(Double(result.value), try fixture.number("loss"), "loss", in: fixture)
        expectParity(result.gradient, try fixture.tensor("prediction_gradient"), "∂L/∂prediction", in: fixture)
    }

    /// `α·T²·KL(softmax(t/T) ‖ softmax(s/T))` (batch mean) `+ (1 − α)·CE(s, y)`: the value, its two
    /// parts and ∂L/∂s.
    static func distillation(_ fixture: Fixture) throws {
        let loss = try DistillationLoss(temperature: try fixture.number("temperature"), alpha: try fixture.number("alpha"))
        let student: Tensor<Float> = try fixture.tensor("student_logits")
        let teacher: Tensor<Float> = try fixture.tensor("teacher_logits")
        let labels = try fixture.integers("targets")
        let temperature = try fixture.number("temperature")
        let soft = loss.softLoss(student: student, teacher: teacher)
        expectParity(
            Double(soft.value), temperature * temperature * (try fixture.number("kl_divergence")), "T²·KL", in: fixture)
        let hard = loss.hardLoss(student: student, labels: labels)
        expectParity(Double(hard.value), try fixture.number("cross_entropy"), "cross-entropy part", in: fixture)
        let result = loss(student: student, teacher: teacher, labels: labels)
        expectParity(Double(result.value), try fixture.number("loss"), "loss", in: fixture)
        expectParity(result.gradient, try fixture.tensor("student_logits_gradient"), "∂L/∂student logits", in: fixture)
    }

    /// `F.binary_cross_entropy_with_logits(z, y)`: value and ∂L/∂z (one soft target included).
    static func binaryCrossEntropy(_ fixture: Fixture) throws {
        let result = BinaryCrossEntropyWithLogitsLoss()(try fixture.tensor("logits"), try fixture.tensor("target"))
        expectParity(Double(result.value), try fixture.number("loss"), "loss", in: fixture)
        expectParity(result.gradient, try fixture.tensor("logits_gradient"), "∂L/∂logits", in: fixture)
    }
}
