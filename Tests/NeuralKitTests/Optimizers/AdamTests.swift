import NeuralKit
import Testing

@Suite struct AdamTests {
    @Test("two steps match the textbook bias-corrected update (hand-worked)")
    func twoSteps() throws {
        let w = makeParameter([1, -2], gradient: [0.5, -0.25])
        let optimizer = try Adam(parameters: [w], learningRate: 0.1)
        optimizer.step()
        // m̂ = g and v̂ = g² on the first step, so the step is η·g/(|g| + ε) ≈ η·sign(g).
        #expect(isClose(w.value.scalars, [0.900000002, -1.900000004]))
        w.gradient = Tensor(rowVector: [0.1, 0.3])
        optimizer.step()
        // m = 0.9·0.05 + 0.1·0.1 = 0.055, v = 0.999·0.00025 + 0.001·0.01 = 0.00025975,
        // m̂ = 0.055/0.19, v̂ = 0.00025975/0.001999, step = 0.1·m̂/(√v̂ + ε) = 0.0803041
        #expect(isClose(w.value.scalars, [0.8196959063846518, -1.914294476547747]))
        #expect(optimizer.stepCount == 2)
    }

    @Test("coupled weight decay adds λ·w to the gradient before the moments")
    func coupledWeightDecay() throws {
        let w = makeParameter([1, -2], gradient: [0.5, -0.25])
        let optimizer = try Adam(parameters: [w], learningRate: 0.1, weightDecay: 0.1)
        optimizer.step()
        // g' = [0.6, −0.45]: the first step is still η·sign(g'), the decay is normalised away.
        #expect(isClose(w.value.scalars, [1 - 0.1 * 0.6 / (0.6 + 1e-8), -2 + 0.1 * 0.45 / (0.45 + 1e-8)]))
        #expect(isClose(optimizer.firstMoments[0].scalars, [0.06, -0.045]))
        #expect(isClose(optimizer.secondMoments[0].scalars, [0.001 * 0.36, 0.001 * 0.2025]))
    }

    @Test("bad hyperparameters throw, naming the parameter")
    func badHyperparameters() {
        let w = makeParameter([0], gradient: [0])
        #expect(throwsNaming("learningRate") { _ = try Adam(parameters: [w], learningRate: -1) })
        #expect(throwsNaming("β₁") { _ = try Adam(parameters: [w], betas: (1, 0.999)) })
        #expect(throwsNaming("β₂") { _ = try Adam(parameters: [w], betas: (0.9, -0.1)) })
        #expect(throwsNaming("epsilon") { _ = try Adam(parameters: [w], epsilon: 0) })
        #expect(throwsNaming("weightDecay") { _ = try Adam(parameters: [w], weightDecay: -0.01) })
    }
}
