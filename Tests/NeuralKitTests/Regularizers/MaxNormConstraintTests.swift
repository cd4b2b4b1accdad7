import NeuralKit
import Testing

@Suite struct MaxNormConstraintTests {
    @Test("rows longer than c are scaled to norm c; others are untouched")
    func projection() throws {
        let weight = Parameter(Tensor<Double>([[3, 4], [0.3, 0.4], [0, -10]]), role: .weight)
        let bias = Parameter(Tensor<Double>([[30, 40]]), role: .bias)
        let rescaled = try MaxNormConstraint(maxNorm: 2).apply(to: [weight, bias])
        #expect(rescaled == 2)
        #expect(isClose(weight.value.scalars, [1.2, 1.6, 0.3, 0.4, 0, -2]))
        #expect(bias.value.scalars == [30, 40])
    }
}
