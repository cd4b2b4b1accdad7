import NeuralKit

extension Reference {
    /// The N × C mask widened to N × (C·H·W): entry (n, c) repeated over the H·W values of map c.
    static func expandedMask(_ mask: Tensor<Double>, columns: Int) -> Tensor<Double> {
        let mapSize = columns / mask.columns
        var wide = Tensor<Double>(rows: mask.rows, columns: columns)
        for n in 0..<mask.rows {
            for column in 0..<columns { wide[n, column] = mask[n, column / mapSize] }
        }
        return wide
    }

    /// Exercise 7: `y = expand(mask) ⊙ x / (1 − p)`; the backward pass is the same map.
    static func spatialDropout(_ x: Tensor<Double>, _ mask: Tensor<Double>, _ channels: Int, _ p: Double) -> Tensor<Double> {
        precondition(mask.columns == channels && x.columns % channels == 0 && mask.rows == x.rows, "reference spatial dropout: shapes")
        return dropoutForward(x, expandedMask(mask, columns: x.columns), p)
    }
}

/// The reference `SpatialDropout`: one uniform draw per (image, channel).
final class ReferenceSpatialDropout: DropoutLayerUnderTest {
    let probability: Double
    let channels: Int
    var isTraining = true
    var generator: RandomGenerator
    var mask: Tensor<Double>?

    init(probability: Double, channels: Int, generator: RandomGenerator) {
        self.probability = probability
        self.channels = channels
        self.generator = generator
    }

    func forward(_ x: Tensor<Double>) -> Tensor<Double> {
        guard isTraining else { mask = nil; return x }
        let keep = 1 - probability
        let drawn = Tensor<Double>.uniform(rows: x.rows, columns: channels, in: 0..<1, using: &generator)
            .map { $0 < keep ? 1 : 0 }
        mask = drawn
        return Reference.spatialDropout(x, drawn, channels, probability)
    }

    func backward(_ outputGradient: Tensor<Double>) -> Tensor<Double> {
        guard let mask else { return outputGradient }
        return Reference.spatialDropout(outputGradient, mask, channels, probability)
    }
}
