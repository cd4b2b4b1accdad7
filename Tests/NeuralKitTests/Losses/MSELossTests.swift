import NeuralKit
import Testing

@Suite struct MSELossTests {
    @Test("value is the mean over all elements (hand-worked)")
    func handWorked() {
        let prediction = Tensor<Double>([[1, 2], [3, 4]])
        let target = Tensor<Double>([[0, 2], [5, 4]])
        let result = MSELoss()(prediction, target)
        // differences 1, 0, −2, 0 → (1 + 0 + 4 + 0) / 4
        #expect(result.value == 1.25)
        #expect(result.gradient == Tensor<Double>([[0.5, 0], [-1, 0]]))
    }

    @Test("gradient matches finite differences")
    func gradientCheck() {
        let prediction = FiniteDifferences.randomTensor(rows: 5, columns: 3, seed: 1)
        let target = FiniteDifferences.randomTensor(rows: 5, columns: 3, seed: 2)
        let loss = MSELoss()
        let numerical = numericalGradient(of: { loss($0, target).value }, at: prediction)
        let error = relativeError(loss(prediction, target).gradient, numerical)
        #expect(error <= 1e-7, "relative error \(error)")
    }
}
