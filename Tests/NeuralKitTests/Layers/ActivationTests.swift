import Testing
@testable import NeuralKit

@Suite struct ActivationTests {
    private let points: Tensor<Double> = Tensor([[-2, -1, -0.5, 0, 0.5, 1, 2, 30, -30]])

    @Test("ReLU zeroes negatives, keeps positives and passes NaN through")
    func reluValues() {
        let y = ReLU<Double>().forward(points)
        #expect(y == Tensor([[0, 0, 0, 0, 0.5, 1, 2, 30, 0]]))
        #expect(ReLU<Float>().forward(Tensor([[Float.nan]])).scalars[0].isNaN)
    }

    @Test("Tanh and Sigmoid match the textbook formulas")
    func tanhAndSigmoidValues() {
        let t = Tanh<Double>().forward(points)
        let s = Sigmoid<Double>().forward(points)
        for i in 0..<points.count {
            let x = points.scalars[i]
            #expect(abs(t.scalars[i] - referenceTanh(x)) < 1e-15)
            #expect(abs(s.scalars[i] - 1 / (1 + Double.exp(-x))) < 1e-15)
        }
        #expect(Sigmoid<Float>().forward(Tensor([[-200, 200]])) == Tensor([[0, 1]]))
    }

    /// Reference values of x·Φ(x) (Φ the standard normal distribution function).
    @Test("GELU is the exact erf form")
    func geluValues() {
        let y = GELU<Double>().forward(Tensor([[-1, 0, 1, 2]]))
        let expected: [Double] = [-0.15865525393145707, 0, 0.8413447460685429, 1.9544997361036416]
        for (value, reference) in zip(y.scalars, expected) {
            #expect(abs(value - reference) < 1e-15)
        }
    }

    @Test("ReLU backward matches finite differences")
    func reluGradient() {
        let x = TestTensors.awayFromZero(TestTensors.normal(5, 4, seed: 21))
        let report = checkGradients(of: ReLU<Double>(), input: x)
        #expect(report.maxError <= 1e-7, "\(report)")
    }

    @Test("Tanh backward matches finite differences")
    func tanhGradient() {
        let report = checkGradients(of: Tanh<Double>(), input: TestTensors.normal(5, 4, seed: 22))
        #expect(report.maxError <= 1e-7, "\(report)")
    }

    @Test("Sigmoid backward matches finite differences")
    func sigmoidGradient() {
        let report = checkGradients(of: Sigmoid<Double>(), input: TestTensors.normal(5, 4, seed: 23))
        #expect(report.maxError <= 1e-7, "\(report)")
    }

    @Test("GELU backward matches finite differences")
    func geluGradient() {
        let report = checkGradients(of: GELU<Double>(), input: TestTensors.normal(5, 4, seed: 24))
        #expect(report.maxError <= 1e-7, "\(report)")
    }
}

/// tanh from its exponential definition, an independent reference for `Tanh`.
private func referenceTanh(_ x: Double) -> Double {
    let e = Double.exp(2 * x)
    return x > 20 ? 1 : (x < -20 ? -1 : (e - 1) / (e + 1))
}
