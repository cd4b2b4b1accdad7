import NeuralKit

/// Calibration of the converged students: hard labels, label smoothing (ε) and distillation from
/// the transfer set. Confidence = max_c p_c; the validation set is cut into B equal-width
/// confidence bins and
///
/// ```
/// ECE = Σ_b (n_b / n) · |accuracy_b − confidence_b|
/// ```
public enum Calibration {
    public struct Configuration: Sendable {
        public var labelSmoothing = 0.1
        public var binCount = 10
        public init() {}
    }

    public struct Reliability: Sendable {
        public let name: String
        /// Per bin (all seeds pooled): mean confidence, accuracy and count.
        public let confidence: [Double]
        public let accuracy: [Double]
        public let counts: [Int]
        public let expectedCalibrationError: SeedSummary
        public let meanConfidence: SeedSummary
        public let validationAccuracy: SeedSummary
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let hard: Reliability
        public let smoothed: Reliability
        public let distilled: Reliability
    }

    // snippet: ece
    /// Per bin: (Σ confidence, Σ correct, count); and the ECE.
    static func bins(
        probabilities: Tensor<Float>, labels: [Int], binCount: Int
    ) -> (sums: [(Double, Double, Int)], ece: Double) {
        var sums = [(Double, Double, Int)](repeating: (0, 0, 0), count: binCount)
        for i in 0..<probabilities.rows {
            let row = (0..<probabilities.columns).map { Double(probabilities[i, $0]) }
            let confidence = row.max()!
            let predicted = row.firstIndex(of: confidence)!
            let b = min(binCount - 1, Int(confidence * Double(binCount)))
            sums[b].0 += confidence
            sums[b].1 += predicted == labels[i] ? 1 : 0
            sums[b].2 += 1
        }
        let n = Double(probabilities.rows)
        let ece = sums.filter { $0.2 > 0 }.reduce(0.0) { total, bin in
            total + abs(bin.1 - bin.0) / n  // (n_b/n)·|acc_b − conf_b|
        }
        return (sums, ece)
    }
    // end-snippet

    static func reliability(name: String, networks: [Sequential<Float>], validation: Dataset, binCount: Int) -> Reliability {
        var pooled = [(Double, Double, Int)](repeating: (0, 0, 0), count: binCount)
        var eces: [Double] = []
        var confidences: [Double] = []
        var accuracies: [Double] = []
        for network in networks {
            let probabilities = network.predict(validation.features).softmax()
            let (sums, ece) = bins(probabilities: probabilities, labels: validation.labels, binCount: binCount)
            for b in 0..<binCount {
                pooled[b].0 += sums[b].0
                pooled[b].1 += sums[b].1
                pooled[b].2 += sums[b].2
            }
            eces.append(ece)
            confidences.append(DistillationMeasures.meanConfidence(probabilities))
            accuracies.append(network.accuracy(on: validation))
        }
        return Reliability(
            name: name, confidence: pooled.map { $0.2 > 0 ? $0.0 / Double($0.2) : .nan },
            accuracy: pooled.map { $0.2 > 0 ? $0.1 / Double($0.2) : .nan }, counts: pooled.map(\.2),
            expectedCalibrationError: SeedSummary(eces), meanConfidence: SeedSummary(confidences),
            validationAccuracy: SeedSummary(accuracies))
    }

    public static func run(
        _ configuration: Configuration, comparison: TransferComparison.Result, teachers: DigitsTeachers.Result,
        narration: ExperimentNarration
    ) throws -> Result {
        narration.announce("Calibration: label smoothing ε = \(configuration.labelSmoothing) vs labels vs distillation")
        var smoothed: [Sequential<Float>] = []
        for seed in comparison.configuration.seeds {
            let student = try MultilayerPerceptron.make(sizes: teachers.configuration.studentSizes, dropout: 0, seed: seed)
            smoothed.append(
                try StudentTraining.train(
                    student, on: teachers.labeledSet, targets: .hardLabels(labelSmoothing: configuration.labelSmoothing),
                    budget: .init(steps: comparison.configuration.convergedSteps), seed: seed))
        }
        let bins = configuration.binCount
        return Result(
            configuration: configuration,
            hard: reliability(
                name: "labels only", networks: comparison.convergedStudents[.hardLabels]!,
                validation: teachers.validation, binCount: bins),
            smoothed: reliability(
                name: "label smoothing", networks: smoothed, validation: teachers.validation, binCount: bins),
            distilled: reliability(
                name: "distilled (transfer)", networks: comparison.convergedStudents[.transfer]!,
                validation: teachers.validation, binCount: bins))
    }
}
