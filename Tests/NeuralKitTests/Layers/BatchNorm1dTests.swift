import Testing
@testable import NeuralKit

@Suite struct BatchNorm1dTests {
    /// Column means and (biased or unbiased) variances, computed plainly for comparison.
    private func columnStatistics(_ x: Tensor<Double>, unbiased: Bool) -> (mean: [Double], variance: [Double]) {
        let n = Double(x.rows)
        var mean: [Double] = []
        var variance: [Double] = []
        for j in 0..<x.columns {
            let column = (0..<x.rows).map { x[$0, j] }
            let m = column.reduce(0, +) / n
            let squares = column.map { ($0 - m) * ($0 - m) }.reduce(0, +)
            mean.append(m)
            variance.append(squares / (unbiased ? n - 1 : n))
        }
        return (mean, variance)
    }

    private func randomAffine(_ layer: BatchNorm1d<Double>, seed: UInt64) {
        layer.weight?.value = TestTensors.normal(1, layer.featureCount, seed: seed)
        layer.bias?.value = TestTensors.normal(1, layer.featureCount, seed: seed + 1)
    }

    @Test("training output is γ·(x − μ)/√(σ² + ε) + β with the biased batch variance")
    func trainingOutput() throws {
        let layer = try BatchNorm1d<Double>(featureCount: 3)
        randomAffine(layer, seed: 50)
        let x = TestTensors.normal(7, 3, seed: 51)
        let y = layer.forward(x)
        let (mean, variance) = columnStatistics(x, unbiased: false)
        for i in 0..<7 {
            for j in 0..<3 {
                let expected = layer.weight!.value[0, j] * (x[i, j] - mean[j]) / (variance[j] + 1e-5).squareRoot()
                    + layer.bias!.value[0, j]
                #expect(abs(y[i, j] - expected) < 1e-12)
            }
        }
    }

    @Test("running statistics follow PyTorch's update with the unbiased variance")
    func runningStatistics() throws {
        let momentum = 0.1
        let layer = try BatchNorm1d<Double>(featureCount: 3, momentum: momentum)
        var runningMean = [0.0, 0.0, 0.0]
        var runningVariance = [1.0, 1.0, 1.0]
        for step in 0..<4 {
            let x = TestTensors.normal(5, 3, seed: 60 + UInt64(step)).map { 2 * $0 + 1 }
            _ = layer.forward(x)
            let (mean, variance) = columnStatistics(x, unbiased: true)
            for j in 0..<3 {
                runningMean[j] = (1 - momentum) * runningMean[j] + momentum * mean[j]
                runningVariance[j] = (1 - momentum) * runningVariance[j] + momentum * variance[j]
            }
        }
        for j in 0..<3 {
            #expect(abs(layer.runningMean.value[0, j] - runningMean[j]) < 1e-14)
            #expect(abs(layer.runningVariance.value[0, j] - runningVariance[j]) < 1e-14)
        }
        #expect(layer.batchesTracked == 4)
        #expect(layer.numBatchesTracked.isInteger)
    }

    @Test("momentum nil gives the cumulative average of the batch statistics")
    func cumulativeAverage() throws {
        let layer = try BatchNorm1d<Double>(featureCount: 2, momentum: nil)
        var means: [[Double]] = []
        for step in 0..<3 {
            let x = TestTensors.normal(4, 2, seed: 70 + UInt64(step))
            _ = layer.forward(x)
            means.append(columnStatistics(x, unbiased: true).mean)
        }
        for j in 0..<2 {
            let average = means.map { $0[j] }.reduce(0, +) / 3
            #expect(abs(layer.runningMean.value[0, j] - average) < 1e-14)
        }
    }

    @Test("evaluation normalises with the running statistics and leaves them unchanged")
    func evaluationUsesRunningStatistics() throws {
        let layer = try BatchNorm1d<Double>(featureCount: 3)
        randomAffine(layer, seed: 80)
        for step in 0..<3 { _ = layer.forward(TestTensors.normal(6, 3, seed: 81 + UInt64(step))) }
        layer.eval()
        let runningMean = layer.runningMean.value
        let runningVariance = layer.runningVariance.value
        let x = TestTensors.normal(1, 3, seed: 90)
        let y = layer.forward(x)
        for j in 0..<3 {
            let expected = layer.weight!.value[0, j] * (x[0, j] - runningMean[0, j])
                / (runningVariance[0, j] + 1e-5).squareRoot() + layer.bias!.value[0, j]
            #expect(abs(y[0, j] - expected) < 1e-12)
        }
        #expect(layer.runningMean.value == runningMean)
        #expect(layer.runningVariance.value == runningVariance)
        #expect(layer.batchesTracked == 3)
    }

    @Test("a batch of one in training mode throws a clear error; in evaluation it is fine")
    func batchOfOne() throws {
        let layer = try BatchNorm1d<Float>(featureCount: 3)
        let one = Tensor<Float>(rows: 1, columns: 3, repeating: 2)
        let error = #expect(throws: BatchNormBatchSizeError.self) { try layer.checkTrainingBatch(one) }
        let message = error?.description ?? ""
        #expect(message.contains("BatchNorm1d(3): expected more than 1 value per channel when training, got input shape [1, 3]"))
        #expect(message.contains("eval()"))
        try layer.checkTrainingBatch(Tensor<Float>(rows: 2, columns: 3))
        // Nested inside a network, the network's check finds it.
        let network = Sequential<Float>(ReLU(), try ResidualBlock(Sequential(layer)))
        #expect(throws: BatchNormBatchSizeError.self) { try network.validateBatchSize(1) }
        network.eval()
        try network.validateBatchSize(1)
        #expect(layer.forward(one).count == 3)
    }

    @Test("forward on a batch of one in training mode stops with the same message")
    func batchOfOneStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let layer = try! BatchNorm1d<Float>(featureCount: 3)
            print(layer.forward(Tensor<Float>(rows: 1, columns: 3)).count)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("expected more than 1 value per channel when training, got input shape [1, 3]"), "\(message)")
    }

    @Test("bad hyperparameters are rejected")
    func invalidHyperparameters() {
        #expect(throws: HyperparameterError.self) { _ = try BatchNorm1d<Float>(featureCount: 0) }
        #expect(throws: HyperparameterError.self) { _ = try BatchNorm1d<Float>(featureCount: 3, momentum: 1.5) }
        #expect(throws: HyperparameterError.self) { _ = try BatchNorm1d<Float>(featureCount: 3, epsilon: 0) }
    }

    @Test("state names, roles and shapes are PyTorch's")
    func stateNames() throws {
        let layer = try BatchNorm1d<Float>(featureCount: 4)
        #expect(layer.namedParameters.map(\.name) == ["weight", "bias"])
        #expect(layer.namedBuffers.map(\.name) == ["running_mean", "running_var", "num_batches_tracked"])
        #expect(layer.parameters.allSatisfy { $0.role == .normalization })
        #expect(layer.runningVariance.value == Tensor(rows: 1, columns: 4, repeating: 1))
        let plain = try BatchNorm1d<Float>(featureCount: 4, affine: false)
        #expect(plain.namedParameters.isEmpty)
    }

    @Test("training-mode backward matches finite differences", arguments: [true, false])
    func trainingGradientCheck(affine: Bool) throws {
        let layer = try BatchNorm1d<Double>(featureCount: 4, affine: affine)
        randomAffine(layer, seed: 100)
        let report = checkGradients(of: layer, input: TestTensors.normal(6, 4, seed: 101), seed: 102)
        #expect(report.errors.count == (affine ? 3 : 1))
        #expect(report.maxError <= 1e-7, "\(report)")
    }

    @Test("evaluation-mode backward matches finite differences")
    func evaluationGradientCheck() throws {
        let layer = try BatchNorm1d<Double>(featureCount: 4)
        randomAffine(layer, seed: 110)
        for step in 0..<3 { _ = layer.forward(TestTensors.normal(5, 4, seed: 111 + UInt64(step))) }
        layer.eval()
        let report = checkGradients(of: layer, input: TestTensors.normal(3, 4, seed: 115))
        #expect(report.maxError <= 1e-7, "\(report)")
    }

    @Test("Float and Double agree")
    func floatMatchesDouble() throws {
        let x = TestTensors.normal(32, 8, seed: 120)
        let double = try BatchNorm1d<Double>(featureCount: 8)
        let single = try BatchNorm1d<Float>(featureCount: 8)
        let y = double.forward(x)
        let ySingle = single.forward(Tensor<Float>(converting: x))
        #expect(TestTensors.isClose(Tensor<Double>(converting: ySingle), y, tolerance: 1e-5))
        let g = TestTensors.normal(32, 8, seed: 121)
        let dx = double.backward(g)
        let dxSingle = single.backward(Tensor<Float>(converting: g))
        #expect(TestTensors.isClose(Tensor<Double>(converting: dxSingle), dx, tolerance: 1e-5))
    }
}
