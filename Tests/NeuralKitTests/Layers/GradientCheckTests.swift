import Testing
@testable import NeuralKit

/// A layer whose backward is deliberately wrong (a factor 1.01), to show the check can fail.
private final class WrongBackward: Layer {
    var phase: LearningPhase = .training
    func forward(_ input: Tensor<Double>) -> Tensor<Double> { input.map { $0 * $0 } }
    private var input: Tensor<Double>?
    func backward(_ outputGradient: Tensor<Double>) -> Tensor<Double> {
        outputGradient * input!.map { 2.02 * $0 }
    }
    func remember(_ input: Tensor<Double>) { self.input = input }
}

@Suite struct GradientCheckTests {
    @Test("relative error follows CS231n's formula")
    func relativeErrorFormula() {
        #expect(relativeError(1.0, 1.0) == 0)
        #expect(relativeError(1.0, 3.0) == 0.5)
        // Both tiny: the denominator is floored at 1e-8.
        #expect(abs(relativeError(0.0, 1e-12) - 1e-4) < 1e-15)
        let a = Tensor<Double>([[1, 2], [3, 4]])
        let b = Tensor<Double>([[1, 2], [3, 5]])
        #expect(relativeError(a, b) == 1.0 / 9.0)
    }

    @Test("numerical gradient of Σ x³ is 3x²")
    func numericalGradientOfCubes() {
        let x = TestTensors.normal(3, 4, seed: 1)
        let numerical = numericalGradient(of: { $0.scalars.reduce(0) { $0 + $1 * $1 * $1 } }, at: x)
        let exact = x.map { 3 * $0 * $0 }
        #expect(relativeError(numerical, exact) < 1e-8)
    }

    @Test("a wrong backward pass is caught")
    func wrongBackwardIsCaught() {
        let layer = WrongBackward()
        let x = TestTensors.normal(2, 3, seed: 2)
        layer.remember(x)
        let report = checkGradients(of: layer, input: x)
        #expect(report.maxError > 1e-3)
    }
}
