import Foundation
import NeuralKit
import Testing

@Suite struct BinaryCrossEntropyWithLogitsLossTests {
    @Test("value matches −[y·log σ(x) + (1 − y)·log(1 − σ(x))] (hand-worked)")
    func matchesDefinition() {
        let logits = Tensor<Double>([[0.5, -1.5], [2, 0]])
        let targets = Tensor<Double>([[1, 0], [0.3, 1]])
        var expected = 0.0
        for k in 0..<4 {
            let sigmoid = 1 / (1 + Foundation.exp(-logits.scalars[k]))
            let y = targets.scalars[k]
            expected -= y * Foundation.log(sigmoid) + (1 - y) * Foundation.log(1 - sigmoid)
        }
        let result = BinaryCrossEntropyWithLogitsLoss()(logits, targets)
        #expect(abs(result.value - expected / 4) < 1e-15)
        #expect(abs(BinaryCrossEntropyWithLogitsLoss()(Tensor<Double>([[0]]), Tensor<Double>([[1]])).value - Foundation.log(2.0)) < 1e-15)
    }

    @Test("gradient matches finite differences")
    func gradientCheck() {
        let logits = FiniteDifferences.randomTensor(rows: 4, columns: 3, seed: 7, scale: 3)
        var targets = FiniteDifferences.randomTensor(rows: 4, columns: 3, seed: 8)
        targets = targets.map { 1 / (1 + Foundation.exp(-$0)) }
        let loss = BinaryCrossEntropyWithLogitsLoss()
        let numerical = numericalGradient(of: { loss($0, targets).value }, at: logits)
        let error = relativeError(loss(logits, targets).gradient, numerical)
        #expect(error <= 1e-7, "relative error \(error)")
    }

    @Test("huge logits give a finite loss (stable form)")
    func stable() {
        let result = BinaryCrossEntropyWithLogitsLoss()(Tensor<Float>([[1e4, -1e4]]), Tensor<Float>([[0, 1]]))
        #expect(result.value == 1e4)
        #expect(result.gradient == Tensor<Float>([[0.5, -0.5]]))
    }
}
