import Testing
@testable import NeuralKit

@Suite struct ResidualBlockTests {
    private func branch(seed: UInt64) throws -> Sequential<Double> {
        var generator = RandomGenerator(seed: seed)
        return Sequential<Double>([
            Linear(inputSize: 4, outputSize: 6, generator: &generator),
            Tanh(),
            // Not straight after the Linear: BatchNorm would make that bias's gradient exactly 0,
            // which finite differences measure only as rounding noise.
            try BatchNorm1d(featureCount: 6),
            Linear(inputSize: 6, outputSize: 4, generator: &generator),
        ])
    }

    @Test("y = x + F(x) in evaluation and with survival probability 1")
    func plainResidual() throws {
        let x = TestTensors.normal(5, 4, seed: 140)
        let f = try branch(seed: 141)
        let block = try ResidualBlock(try branch(seed: 141))
        let y = block.forward(x)
        #expect(TestTensors.isClose(y, x + f.forward(x), tolerance: 1e-15))
        #expect(block.keptPaths == [Bool](repeating: true, count: 5))
    }

    @Test("training drops whole rows of the branch and scales survivors by 1/s")
    func dropPath() throws {
        let s = 0.5
        let x = TestTensors.normal(64, 4, seed: 150)
        let block = try ResidualBlock(try branch(seed: 151), survivalProbability: s, seed: 152)
        let y = block.forward(x)
        // The branch's output for this same batch (BatchNorm in training mode sees the same batch).
        let f = try branch(seed: 151).forward(x)
        #expect(block.keptPaths.contains(true) && block.keptPaths.contains(false))
        for i in 0..<64 {
            for j in 0..<4 {
                let expected = block.keptPaths[i] ? x[i, j] + f[i, j] * (1 / s) : x[i, j]
                #expect(y[i, j] == expected)
            }
        }
        // Evaluation keeps every branch, unscaled (the branch's BatchNorm now uses running statistics).
        block.eval()
        let evaluated = block.forward(x)
        #expect(TestTensors.isClose(evaluated, x + block.residual.forward(x), tolerance: 1e-15))
    }

    @Test("kept fraction of paths is close to s")
    func survivalStatistics() throws {
        var generator = RandomGenerator(seed: 1)
        let block = try ResidualBlock(
            Sequential<Double>(Linear(inputSize: 2, outputSize: 2, generator: &generator)),
            survivalProbability: 0.8, seed: 160)
        _ = block.forward(Tensor(rows: 100_000, columns: 2))
        let fraction = Double(block.keptPaths.filter { $0 }.count) / 100_000
        #expect(abs(fraction - 0.8) <= 4 * (0.8 * 0.2 / 100_000).squareRoot())
    }

    @Test("backward matches finite differences with and without dropped paths", arguments: [1.0, 0.5])
    func gradientCheck(survivalProbability: Double) throws {
        let block = try ResidualBlock(try branch(seed: 170), survivalProbability: survivalProbability, seed: 171)
        let start = block.generator
        let report = checkGradients(of: block, input: TestTensors.normal(6, 4, seed: 172)) {
            block.generator = start
        }
        if survivalProbability < 1 {
            #expect(block.keptPaths.contains(false) && block.keptPaths.contains(true))
        }
        #expect(report.errors.count == 7)
        #expect(report.maxError <= 1e-7, "\(report)")
    }

    @Test("evaluation backward matches finite differences")
    func evaluationGradientCheck() throws {
        let block = try ResidualBlock(try branch(seed: 180), survivalProbability: 0.5, seed: 181)
        block.eval()
        let report = checkGradients(of: block, input: TestTensors.normal(3, 4, seed: 182))
        #expect(report.maxError <= 1e-7, "\(report)")
    }

    @Test("names are prefixed with `residual.` and eval() reaches the branch")
    func namesAndPhase() throws {
        let block = try ResidualBlock(try branch(seed: 190))
        #expect(block.namedParameters.map(\.name) == [
            "residual.0.weight", "residual.0.bias", "residual.2.weight", "residual.2.bias",
            "residual.3.weight", "residual.3.bias",
        ])
        #expect(block.namedBuffers.map(\.name) == [
            "residual.2.running_mean", "residual.2.running_var", "residual.2.num_batches_tracked",
        ])
        let network = Sequential<Double>(block)
        network.eval()
        #expect(block.residual[2].phase == .evaluation)
        network.train()
        #expect(block.residual[2].phase == .training)
        #expect(network.allLayers.count == 7)
    }

    @Test("survival probability outside (0, 1] is rejected", arguments: [0.0, -0.2, 1.5])
    func invalidSurvival(survivalProbability: Double) throws {
        let f = try branch(seed: 1)
        #expect(throws: HyperparameterError.self) {
            _ = try ResidualBlock(f, survivalProbability: survivalProbability)
        }
    }

    @Test("linear decay rule: p_l = 1 − (l/L)(1 − p_L)")
    func linearDecay() throws {
        let values = try (0...4).map {
            try StochasticDepth.linearDecaySurvivalProbability(block: $0, of: 4, finalSurvivalProbability: 0.5)
        }
        #expect(values == [1, 0.875, 0.75, 0.625, 0.5])
        #expect(throws: HyperparameterError.self) {
            _ = try StochasticDepth.linearDecaySurvivalProbability(block: 5, of: 4, finalSurvivalProbability: 0.5)
        }
        #expect(throws: HyperparameterError.self) {
            _ = try StochasticDepth.linearDecaySurvivalProbability(block: 1, of: 4, finalSurvivalProbability: 0)
        }
    }
}
