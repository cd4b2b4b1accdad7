import Foundation
import NeuralKit
import Testing

@Suite struct CrossEntropyLossTests {
    @Test("equal logits over two classes cost log 2")
    func uniformLogits() {
        let result = CrossEntropyLoss()(Tensor<Double>([[0, 0], [3, 3]]), [0, 1])
        #expect(abs(result.value - Foundation.log(2.0)) < 1e-15)
        // (p − onehot) / N = (0.5 − 1) / 2 and (0.5 − 0) / 2
        #expect(result.gradient == Tensor<Double>([[-0.25, 0.25], [0.25, -0.25]]))
    }

    @Test("label smoothing: (1 − ε)·NLL + ε·mean over classes of −log p (hand-worked)")
    func labelSmoothingValue() throws {
        let logits = Tensor<Double>([[1, 2, 3], [0.5, -1, 0]])
        let labels = [0, 2]
        let epsilon = 0.2
        var expected = 0.0
        for i in 0..<2 {
            let row = (0..<3).map { logits[i, $0] }
            let logTotal = Foundation.log(row.map { Foundation.exp($0) }.reduce(0, +))
            let negativeLogs = row.map { logTotal - $0 }
            expected += (1 - epsilon) * negativeLogs[labels[i]] + epsilon * negativeLogs.reduce(0, +) / 3
        }
        expected /= 2
        let loss = try CrossEntropyLoss(labelSmoothing: epsilon)
        #expect(abs(loss(logits, labels).value - expected) < 1e-14)
    }

    @Test("gradient matches finite differences", arguments: [0.0, 0.1, 1.0])
    func gradientCheck(labelSmoothing: Double) throws {
        let logits = FiniteDifferences.randomTensor(rows: 6, columns: 4, seed: 3, scale: 2)
        let labels = [0, 3, 1, 2, 2, 0]
        let loss = try CrossEntropyLoss(labelSmoothing: labelSmoothing)
        let numerical = numericalGradient(of: { loss($0, labels).value }, at: logits)
        let error = relativeError(loss(logits, labels).gradient, numerical)
        #expect(error <= 1e-7, "relative error \(error)")
    }

    @Test("soft one-hot targets give the same loss and gradient as labels", arguments: [0.0, 0.3])
    func softTargetsMatchLabels(labelSmoothing: Double) throws {
        let logits = FiniteDifferences.randomTensor(rows: 4, columns: 3, seed: 4)
        let labels = [2, 0, 1, 1]
        var oneHot = Tensor<Double>.zeros(4, 3)
        for (i, label) in labels.enumerated() { oneHot[i, label] = 1 }
        let loss = try CrossEntropyLoss(labelSmoothing: labelSmoothing)
        let fromLabels = loss(logits, labels)
        let fromTargets = loss(logits, oneHot)
        #expect(abs(fromLabels.value - fromTargets.value) < 1e-14)
        #expect(relativeError(fromLabels.gradient, fromTargets.gradient) < 1e-12)
    }

    @Test("soft-target gradient matches finite differences")
    func softTargetGradientCheck() throws {
        let logits = FiniteDifferences.randomTensor(rows: 5, columns: 4, seed: 5)
        let targets = FiniteDifferences.randomTensor(rows: 5, columns: 4, seed: 6).softmax()
        let loss = try CrossEntropyLoss(labelSmoothing: 0.1)
        let numerical = numericalGradient(of: { loss($0, targets).value }, at: logits)
        let error = relativeError(loss(logits, targets).gradient, numerical)
        #expect(error <= 1e-7, "relative error \(error)")
    }

    @Test("huge logits give a finite loss")
    func stable() {
        let result = CrossEntropyLoss()(Tensor<Float>([[1e4, 0, -1e4]]), [2])
        #expect(result.value == 2e4)
        #expect(result.gradient.isFinite)
    }

    @Test("label smoothing outside [0, 1] is rejected, naming the parameter", arguments: [-0.1, 1.5, Double.nan])
    func badLabelSmoothing(value: Double) {
        #expect {
            _ = try CrossEntropyLoss(labelSmoothing: value)
        } throws: { error in
            "\(error)".contains("labelSmoothing") && "\(error)".contains("[0.0, 1.0]")
        }
    }
}
