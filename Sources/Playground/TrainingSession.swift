import Foundation
import NeuralKit

/// Trains a `PreparedRun` epoch by epoch and reports each epoch as a `SessionEvent`.
///
/// The trainer is asked for one epoch at a time (`fit(epochs: 1)` continues the same shuffling
/// and optimiser state), so the session can check between epochs whether it should stop. Early
/// stopping runs here with NeuralKit's `EarlyStopping`, exactly as `Trainer` would run it: after
/// the epoch's record, `update` with the validation loss; when it says stop, the run ends and the
/// best epoch's weights are restored.
///
/// `run` blocks its thread while it trains; the server calls it on a thread of its own. Call
/// `BLAS.setThreadCount(1)` once per process first: with one BLAS thread the same configuration
/// gives bit-identical numbers whatever else runs beside it.
public enum TrainingSession {
    /// Why a session should stop early, asked between epochs; `nil` goes on.
    public typealias StopCheck = @Sendable () -> String?

    /// Grid resolution of the decision boundary.
    public static let gridSize = 40
    /// Points on the fitted curve.
    public static let curvePoints = 121
    /// Bins of each weight histogram.
    public static let histogramBins = 31

    /// Trains `run` and calls `emit` with `started`, one `epoch` per epoch and a final event.
    public static func run(
        _ run: PreparedRun, stopCheck: StopCheck = { nil }, emit: (SessionEvent) -> Void
    ) {
        let clock = ContinuousClock()
        let start = clock.now
        func seconds() -> Double {
            let elapsed = clock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        let c = run.configuration
        let window = plotWindow(for: run)
        emit(.started(startEvent(run, window: window)))

        var epoch = 0
        var bestEpoch = 0
        var bestLoss = Double.infinity
        var stoppedEpoch: Int?
        while epoch < c.epochs {
            if let reason = stopCheck() {
                emit(.cancelled(RunCancellation(epochs: epoch, reason: reason)))
                return
            }
            let record: EpochRecord
            do {
                guard let last = try run.trainer.fit(on: run.train, validation: run.validation, epochs: 1).epochs.last else {
                    preconditionFailure("TrainingSession: fit(epochs: 1) recorded no epoch")
                }
                record = last
            } catch {
                emit(.failed(RunFailure(epoch: epoch + 1, message: "\(error)", suggestion: suggestion(for: error, c))))
                return
            }
            epoch = record.epoch
            let validationLoss = record.validationLoss ?? .nan
            guard validationLoss.isFinite else {
                emit(.failed(RunFailure(
                    epoch: epoch,
                    message: "training diverged: the validation loss became \(validationLoss) at epoch \(epoch)",
                    suggestion: suggestion(for: nil, c))))
                return
            }
            var wait = 0
            if let earlyStopping = run.earlyStopping {
                let stop = earlyStopping.update(epoch: epoch, validationLoss: validationLoss, network: run.network)
                bestEpoch = earlyStopping.state.bestEpoch ?? epoch
                if case .waiting(_, _, let epochsWithout) = earlyStopping.state { wait = epochsWithout }
                if stop { stoppedEpoch = epoch; wait = epoch - bestEpoch }
            } else {
                if validationLoss < bestLoss { (bestLoss, bestEpoch) = (validationLoss, epoch) }
                wait = epoch - bestEpoch
            }
            emit(.epoch(report(record, run: run, window: window, bestEpoch: bestEpoch, wait: wait, seconds: seconds())))
            if stoppedEpoch != nil { break }
        }
        let restoredEpoch = run.earlyStopping?.restoreBestState(into: run.network)
        let loss: TrainingLoss = run.train.isClassification ? .crossEntropy : .meanSquaredError
        let onTrain = run.network.evaluate(on: run.train, loss: loss)
        let onValidation = run.network.evaluate(on: run.validation, loss: loss)
        emit(.finished(RunSummary(
            epochs: epoch, stoppedEpoch: stoppedEpoch, restoredEpoch: restoredEpoch,
            trainLoss: onTrain.loss, trainAccuracy: onTrain.accuracy,
            validationLoss: onValidation.loss, validationAccuracy: onValidation.accuracy,
            seconds: seconds(), configurationHash: configurationHash(c))))
    }

    /// FNV-1a (64-bit) of the canonical query, in hex.
    public static func configurationHash(_ configuration: RunConfiguration) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in configuration.queryString.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// A likely cause of a failed run, from its configuration.
    static func suggestion(for error: (any Error)?, _ c: RunConfiguration) -> String {
        if let error = error as? TrainingError, case .unusableData = error {
            return "Change the data or batch settings named in the message."
        }
        var causes: [String] = []
        let high: Double = c.optimizer == .sgd || c.optimizer == .momentum ? 0.5 : 0.05
        if c.learningRate > high {
            causes.append("the learning rate \(c.learningRate) is high for \(c.optimizer.rawValue): try \(high / 10)")
        }
        if c.clipNorm == 0 { causes.append("gradient clipping is off: try clip = 1") }
        if c.normalization == .none && c.depth > 3 { causes.append("a deep network without normalisation: try BatchNorm") }
        if causes.isEmpty { return "Lower the learning rate 10×." }
        return "Likely cause: " + causes.joined(separator: "; ") + "."
    }

    // MARK: - What the page draws

    private static func startEvent(_ run: PreparedRun, window: [Double]?) -> RunStart {
        let c = run.configuration
        var xs: [Double] = []
        var ys: [Double] = []
        var labels: [Int] = []
        if c.dataset != .digits {
            let shown = min(run.train.count, 400)
            for row in 0..<shown {
                xs.append(Double(run.train.features[row, 0]))
                if c.dataset == .noisySine {
                    ys.append(Double(run.train.targets![row, 0]))
                    labels.append(0)
                } else {
                    ys.append(Double(run.train.features[row, 1]))
                    labels.append(run.train.labels[row])
                }
            }
        }
        return RunStart(
            query: c.queryString, configurationHash: configurationHash(c), seed: c.seed,
            trainCount: run.train.count, validationCount: run.validation.count,
            parameterCount: run.network.parameters.reduce(0) { $0 + $1.value.count },
            classCount: run.train.classCount, window: window, pointsX: xs, pointsY: ys, pointsLabel: labels)
    }

    /// The data's bounding box with a 10 % margin: [x0, x1, y0, y1].
    private static func plotWindow(for run: PreparedRun) -> [Double]? {
        let c = run.configuration
        guard c.dataset != .digits else { return nil }
        var (x0, x1, y0, y1) = (Double.infinity, -Double.infinity, Double.infinity, -Double.infinity)
        for row in 0..<run.train.count {
            let x = Double(run.train.features[row, 0])
            let y = c.dataset == .noisySine ? Double(run.train.targets![row, 0]) : Double(run.train.features[row, 1])
            (x0, x1, y0, y1) = (min(x0, x), max(x1, x), min(y0, y), max(y1, y))
        }
        let (mx, my) = (0.1 * (x1 - x0), 0.1 * (y1 - y0))
        return [x0 - mx, x1 + mx, y0 - my, y1 + my]
    }

    private static func report(
        _ record: EpochRecord, run: PreparedRun, window: [Double]?, bestEpoch: Int, wait: Int, seconds: Double
    ) -> EpochReport {
        var report = EpochReport(
            epoch: record.epoch, trainLoss: record.trainLoss, trainAccuracy: record.trainAccuracy,
            validationLoss: record.validationLoss ?? .nan, validationAccuracy: record.validationAccuracy,
            penalty: record.penalty, seconds: seconds, bestEpoch: bestEpoch, epochsWithoutImprovement: wait,
            histogramRange: 0, histograms: [])
        if let window, run.configuration.dataset.isPlanar {
            let n = gridSize
            var grid = Tensor<Float>(rows: n * n, columns: 2)
            for row in 0..<n {
                for column in 0..<n {
                    grid[row * n + column, 0] = Float(window[0] + (window[1] - window[0]) * (Double(column) + 0.5) / Double(n))
                    grid[row * n + column, 1] = Float(window[2] + (window[3] - window[2]) * (Double(row) + 0.5) / Double(n))
                }
            }
            let probabilities = run.network.predict(grid).softmax()
            var classes: [Int] = []
            var confidence: [Int] = []
            for cell in 0..<(n * n) {
                var best = 0
                for k in 1..<probabilities.columns where probabilities[cell, k] > probabilities[cell, best] { best = k }
                classes.append(best)
                confidence.append(Int((Double(probabilities[cell, best]) * 100).rounded()))
            }
            (report.gridSize, report.gridClass, report.gridConfidence) = (n, classes, confidence)
        } else if let window {
            var xs = Tensor<Float>(rows: curvePoints, columns: 1)
            for i in 0..<curvePoints {
                xs[i, 0] = Float(window[0] + (window[1] - window[0]) * Double(i) / Double(curvePoints - 1))
            }
            let prediction = run.network.predict(xs)
            report.curve = (0..<curvePoints).map { Double(prediction[$0, 0]) }
        }
        let linearWeights = run.network.allLayers.compactMap { ($0 as? Linear<Float>)?.weight }
        var range = 0.0
        for parameter in linearWeights {
            parameter.value.withUnsafeBufferPointer { values in
                for value in values { range = max(range, Double(abs(value))) }
            }
        }
        range = range > 0 && range.isFinite ? range : 1
        report.histogramRange = range
        report.histograms = linearWeights.map { parameter in
            var counts = [Int](repeating: 0, count: histogramBins)
            parameter.value.withUnsafeBufferPointer { values in
                for value in values {
                    let bin = Int(((Double(value) + range) / (2 * range) * Double(histogramBins)).rounded(.down))
                    counts[min(max(bin, 0), histogramBins - 1)] += 1
                }
            }
            return counts
        }
        return report
    }
}
