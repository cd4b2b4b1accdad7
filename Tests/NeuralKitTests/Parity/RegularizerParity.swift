import Testing
import NeuralKit

extension ParityChecks {
    /// L1, L2 and elastic-net penalties (values and gradients, sign(0) = 0) on a weight with exact
    /// zeros; the bias beside it is exempt by default, so its gradient must stay zero.
    static func penalty(_ fixture: Fixture) throws {
        let l1Strength = try fixture.number("l1_strength")
        let l2Strength = try fixture.number("l2_strength")
        let weight = Parameter<Float>(try fixture.tensor("weight"), role: .weight)
        let bias = Parameter<Float>(try fixture.tensor("bias"), role: .bias)
        #expect(weight.value.scalars.count { $0 == 0 } == (try fixture.integer("zero_count")))

        func check(_ name: String, value: Float, addGradient: ([Parameter<Float>]) -> Void) throws {
            expectParity(Double(value), try fixture.number("\(name)_value"), "\(name) value", in: fixture)
            weight.zeroGradient()
            bias.zeroGradient()
            addGradient([weight, bias])
            expectParity(weight.gradient, try fixture.tensor("\(name)_gradient"), "\(name) gradient", in: fixture)
            #expect(bias.gradient.scalars.allSatisfy { $0 == 0 }, "\(fixture.name): \(name) must not touch the bias")
        }
        let l1 = try L1Penalty(strength: l1Strength)
        try check("l1", value: l1.value(of: [weight, bias]), addGradient: l1.addGradient(to:))
        let l2 = try L2Penalty(strength: l2Strength)
        try check("l2", value: l2.value(of: [weight, bias]), addGradient: l2.addGradient(to:))
        let elasticNet = try ElasticNetPenalty(l1: l1Strength, l2: l2Strength)
        try check("elastic_net", value: elasticNet.value(of: [weight, bias]), addGradient: elasticNet.addGradient(to:))
    }

    /// `clip_grad_norm_` (the returned total norm and the rescaled gradients) and `clip_grad_value_`.
    static func gradientClipping(_ fixture: Fixture) throws {
        let weight = Parameter<Float>(Tensor(rows: 3, columns: 4), role: .weight)
        let bias = Parameter<Float>(Tensor(rows: 1, columns: 3), role: .bias)
        func setGradients() throws {
            weight.gradient = try fixture.tensor("weight_gradient")
            bias.gradient = try fixture.tensor("bias_gradient")
        }
        try setGradients()
        let norm = try clipGradientNorm([weight, bias], maxNorm: try fixture.number("max_norm"))
        expectParity(Double(norm), try fixture.number("total_norm"), "total norm", in: fixture)
        expectParity(weight.gradient, try fixture.tensor("norm_clipped_weight_gradient"), "norm-clipped ∂L/∂weight", in: fixture)
        expectParity(bias.gradient, try fixture.tensor("norm_clipped_bias_gradient"), "norm-clipped ∂L/∂bias", in: fixture)
        try setGradients()
        try clipGradientValue([weight, bias], clipValue: try fixture.number("clip_value"))
        expectParity(weight.gradient, try fixture.tensor("value_clipped_weight_gradient"), "value-clipped ∂L/∂weight", in: fixture)
        expectParity(bias.gradient, try fixture.tensor("value_clipped_bias_gradient"), "value-clipped ∂L/∂bias", in: fixture)
    }
}
