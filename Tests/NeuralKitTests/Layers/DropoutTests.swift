import Testing
@testable import NeuralKit

@Suite struct DropoutTests {
    /// Over 10⁶ elements the kept fraction has standard error √(p(1−p)/n); it must lie within four
    /// of them of 1 − p. Survivors must be exactly x / (1 − p), the dropped exactly zero.
    @Test("kept fraction and survivor scaling over 10⁶ elements", arguments: [0.0, 0.1, 0.3, 0.5, 0.8, 0.95])
    func statistics(probability: Double) throws {
        let x: Tensor<Float> = TestTensors.normal(1000, 1000, seed: 31, as: Float.self)
        let dropout = try Dropout<Float>(probability: probability, seed: 32)
        let y = dropout.forward(x)
        let keep = Float(1 - probability)
        var kept = 0
        var wrongSurvivors = 0
        var nonzeroDropped = 0
        for i in 0..<x.count {
            if dropout.mask.scalars[i] == 1 {
                kept += 1
                if y.scalars[i] != x.scalars[i] / keep { wrongSurvivors += 1 }
            } else {
                if y.scalars[i] != 0 { nonzeroDropped += 1 }
            }
        }
        let n = Double(x.count)
        let fraction = Double(kept) / n
        let standardError = (probability * (1 - probability) / n).squareRoot()
        #expect(abs(fraction - (1 - probability)) <= 4 * standardError, "kept fraction \(fraction)")
        #expect(wrongSurvivors == 0)
        #expect(nonzeroDropped == 0)
        #expect(dropout.mask.scalars.allSatisfy { $0 == 0 || $0 == 1 })
    }

    @Test("evaluation is the identity, forward and backward")
    func evaluationIsIdentity() throws {
        let dropout = try Dropout<Float>(probability: 0.5, seed: 1)
        dropout.eval()
        let x: Tensor<Float> = TestTensors.normal(100, 100, seed: 2, as: Float.self)
        #expect(dropout.forward(x) == x)
        let g: Tensor<Float> = TestTensors.normal(100, 100, seed: 3, as: Float.self)
        #expect(dropout.backward(g) == g)
    }

    @Test("probability outside [0, 1] is rejected, naming the parameter and the value",
          arguments: [-0.1, 1.000001, 1.5, Double.nan, Double.infinity])
    func invalidProbability(probability: Double) {
        let error = #expect(throws: HyperparameterError.self) {
            _ = try Dropout<Float>(probability: probability, seed: 0)
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("Dropout"))
        #expect(message.contains("probability"))
        #expect(message.contains("\(probability)"))
        #expect(message.contains("[0.0, 1.0]"))
    }

    /// PyTorch accepts p = 1 (`F.dropout` multiplies the input by zero): training output and
    /// gradient are all zeros, evaluation is the identity. Nothing is divided by 1 − p = 0, so
    /// no NaN appears (the parity fixture `dropout-p1` checks the same against PyTorch).
    @Test("p = 1 drops everything in training without dividing by zero; evaluation is the identity")
    func probabilityOne() throws {
        let dropout = try Dropout<Float>(probability: 1, seed: 3)
        let x: Tensor<Float> = TestTensors.normal(50, 40, seed: 4, as: Float.self)
        let y = dropout.forward(x)
        #expect(y.scalars.allSatisfy { $0 == 0 }, "training output of p = 1 must be all zeros")
        #expect(dropout.mask.scalars.allSatisfy { $0 == 0 })
        let g: Tensor<Float> = TestTensors.normal(50, 40, seed: 5, as: Float.self)
        let dx = dropout.backward(g)
        #expect(dx.scalars.allSatisfy { $0 == 0 }, "gradient of p = 1 must be all zeros")
        dropout.eval()
        #expect(dropout.forward(x) == x)
        #expect(dropout.backward(g) == g)
    }

    @Test("same seed gives identical masks; successive masks differ")
    func reproducibleMasks() throws {
        let x = Tensor<Float>(rows: 64, columns: 256, repeating: 1)
        let a = try Dropout<Float>(probability: 0.5, seed: 7)
        let b = try Dropout<Float>(probability: 0.5, seed: 7)
        let c = try Dropout<Float>(probability: 0.5, seed: 8)
        let first = a.forward(x)
        #expect(first == b.forward(x))
        #expect(first != c.forward(x))
        #expect(a.forward(x) != first)
    }

    @Test("backward uses the mask of the forward")
    func backwardUsesForwardMask() throws {
        let dropout = try Dropout<Double>(probability: 0.3, seed: 9)
        let x = TestTensors.normal(20, 30, seed: 10)
        _ = dropout.forward(x)
        let g = TestTensors.normal(20, 30, seed: 11)
        let dx = dropout.backward(g)
        for i in 0..<g.count {
            #expect(dx.scalars[i] == g.scalars[i] * dropout.mask.scalars[i] / 0.7)
        }
    }

    @Test("backward matches finite differences with a replayed mask", arguments: [0.2, 0.5])
    func gradientCheck(probability: Double) throws {
        let dropout = try Dropout<Double>(probability: probability, seed: 12)
        let start = dropout.generator
        let report = checkGradients(of: dropout, input: TestTensors.normal(6, 7, seed: 13)) {
            dropout.generator = start
        }
        #expect(report.maxError <= 1e-7, "\(report)")
        // The check is not trivial: some elements were dropped and some kept.
        #expect(dropout.mask.scalars.contains(0) && dropout.mask.scalars.contains(1))
    }
}

@Suite struct StandardDropoutTests {
    @Test("training keeps survivors unscaled; evaluation scales by 1 − p", arguments: [0.2, 0.5, 0.9])
    func trainingAndEvaluation(probability: Double) throws {
        let x: Tensor<Float> = TestTensors.normal(1000, 1000, seed: 41, as: Float.self)
        let dropout = try StandardDropout<Float>(probability: probability, seed: 42)
        let y = dropout.forward(x)
        #expect(y == x * dropout.mask)
        let kept = Double(dropout.mask.sum())
        let standardError = (probability * (1 - probability) / Double(x.count)).squareRoot()
        #expect(abs(kept / Double(x.count) - (1 - probability)) <= 4 * standardError)
        dropout.eval()
        let evaluated = dropout.forward(x)
        let keep = Float(1 - probability)
        #expect(evaluated == x.map { $0 * keep })
    }

    @Test("probability outside [0, 1] is rejected", arguments: [-0.5, 1.5, Double.nan])
    func invalidProbability(probability: Double) {
        #expect(throws: HyperparameterError.self) {
            _ = try StandardDropout<Double>(probability: probability, seed: 0)
        }
    }

    /// Standard dropout at p = 1 keeps nothing in training (output and gradient all zeros) and
    /// scales by 1 − p = 0 in evaluation, so evaluation matches training's expectation (zero).
    @Test("p = 1: training and evaluation outputs and gradients are all zeros, with no NaN")
    func probabilityOne() throws {
        let dropout = try StandardDropout<Float>(probability: 1, seed: 6)
        let x: Tensor<Float> = TestTensors.normal(30, 20, seed: 7, as: Float.self)
        let g: Tensor<Float> = TestTensors.normal(30, 20, seed: 8, as: Float.self)
        #expect(dropout.forward(x).scalars.allSatisfy { $0 == 0 })
        #expect(dropout.backward(g).scalars.allSatisfy { $0 == 0 })
        dropout.eval()
        #expect(dropout.forward(x).scalars.allSatisfy { $0 == 0 })
        #expect(dropout.backward(g).scalars.allSatisfy { $0 == 0 })
    }

    @Test("backward matches finite differences in both phases", arguments: [LearningPhase.training, .evaluation])
    func gradientCheck(phase: LearningPhase) throws {
        let dropout = try StandardDropout<Double>(probability: 0.4, seed: 43)
        dropout.setPhase(phase)
        let start = dropout.generator
        let report = checkGradients(of: dropout, input: TestTensors.normal(6, 7, seed: 44)) {
            dropout.generator = start
        }
        #expect(report.maxError <= 1e-7, "\(report)")
    }
}
