import Foundation
import NeuralKit
import Testing

@Suite struct SoftmaxTests {
    @Test("rows of softmax are probability distributions matching exp(z)/Σexp(z)")
    func matchesDefinition() {
        let logits = Tensor<Double>([[1, 2, 3], [-1, 0, 0.5]])
        let probabilities = logits.softmax()
        for i in 0..<2 {
            let row = (0..<3).map { logits[i, $0] }
            let total = row.map { Foundation.exp($0) }.reduce(0, +)
            for j in 0..<3 {
                #expect(abs(probabilities[i, j] - Foundation.exp(row[j]) / total) < 1e-15)
            }
        }
    }

    @Test("huge logits (1e4) give finite, exact softmax and log-softmax", arguments: [1e4, -1e4])
    func stableWithHugeLogits(offset: Double) {
        let logits = Tensor<Double>([[offset, offset - 1, offset - 1e4]])
        let probabilities = logits.softmax()
        let logProbabilities = logits.logSoftmax()
        #expect(probabilities.isFinite && logProbabilities.isFinite)
        let expected0 = 1 / (1 + Foundation.exp(-1.0))
        #expect(abs(probabilities[0, 0] - expected0) < 1e-15)
        #expect(probabilities[0, 2] == 0)
        #expect(abs(logProbabilities[0, 1] - (-1 - Foundation.log(1 + Foundation.exp(-1.0)))) < 1e-12)
        // 1e4 below the top: the log-probability is still exact (about −1e4), not −∞.
        #expect(abs(logProbabilities[0, 2] - (-1e4 - Foundation.log(1 + Foundation.exp(-1.0)))) < 1e-9)

        let single = Tensor<Float>([[Float(offset), 0, -Float(offset)]])
        #expect(single.softmax().isFinite && single.logSoftmax().isFinite)
    }

    @Test("temperature divides the logits first")
    func temperature() {
        let logits = Tensor<Double>([[2, 4, 8]])
        let softened = logits.softmax(temperature: 2)
        let reference = Tensor<Double>([[1, 2, 4]]).softmax()
        for j in 0..<3 { #expect(abs(softened[0, j] - reference[0, j]) < 1e-15) }
        let logSoftened = logits.logSoftmax(temperature: 2)
        for j in 0..<3 { #expect(abs(Foundation.exp(logSoftened[0, j]) - reference[0, j]) < 1e-15) }
    }
}
