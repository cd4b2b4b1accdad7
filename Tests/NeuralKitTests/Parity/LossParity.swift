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
}
