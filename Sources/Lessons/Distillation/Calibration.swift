import NeuralKit
import Notebook
import NotebookDocument

/// Calibration of the long-budget students: labels only, label smoothing (ε), all pool labels, and
/// distillation on the transfer set from the all-label teacher. Confidence = max_c p_c; the
/// validation set is cut into B equal-width confidence bins and
///
/// ```
/// ECE = Σ_b (n_b / n) · |accuracy_b − confidence_b|
/// ```
///
/// A more accurate network has less room to be miscalibrated, so an ECE difference between two
/// students of different accuracy mixes the two. The student trained on all pool labels is the
/// reference at (about) the distilled student's accuracy: comparing those two separates
/// calibration from accuracy as far as their accuracies match.
public enum Calibration {
    public struct Settings: ExperimentSettings {
        public var labelSmoothing = 0.1
        public var binCount = 10
        /// Bins with fewer predictions (seeds pooled) are left out of the reliability diagram.
        public var figureMinimumCount = 5

        public init(quick: Bool) {}

        static let owner = "calibration"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .number(
                "label-smoothing", \.labelSmoothing, from: 0, lowerIncluded: false, to: 1,
                "label smoothing ε of the smoothed student", owner: owner),
            .integer("bins", \.binCount, in: 2...100, "confidence bins of the ECE", owner: owner),
            .integer(
                "figure-minimum-count", \.figureMinimumCount, in: 1...1_000,
                "fewest predictions for a bin to be drawn in the reliability diagram", owner: owner),
        ]
    }

    public struct Reliability: Sendable {
        public let name: String
        /// Per bin (all runs pooled): mean confidence, accuracy and count.
        public let confidence: [Double]
        public let accuracy: [Double]
        public let counts: [Int]
        public let expectedCalibrationError: SeedSummary
        public let meanConfidence: SeedSummary
        public let validationAccuracy: SeedSummary
    }

    public struct Result: Sendable {
        public let configuration: Settings
        public let seeds: [UInt64]
        public let hard: Reliability
        public let smoothed: Reliability
        public let allLabels: Reliability
        public let distilled: Reliability
        public var all: [Reliability] { [hard, smoothed, allLabels, distilled] }
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

    static func reliability(name: String, networks: [Sequential<Float>], validation: [Dataset], binCount: Int) -> Reliability {
        var pooled = [(Double, Double, Int)](repeating: (0, 0, 0), count: binCount)
        var eces: [Double] = []
        var confidences: [Double] = []
        var accuracies: [Double] = []
        for (network, validation) in zip(networks, validation) {
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
        _ settings: Settings, comparison: TransferComparison.Result, teachers: DigitsTeachers.Result, jobs: Int,
        narration: ExperimentNarration
    ) throws -> Result {
        narration.announce("Calibration: label smoothing ε = \(formatNumber(settings.labelSmoothing)) against the other students")
        let setup = teachers.configuration
        let seeds = comparison.seeds
        let budget = setup.studentBudget(steps: comparison.configuration.longSteps)
        let smoothed = try ParallelRuns.map(seeds.count, jobs: jobs) { index -> Sequential<Float> in
            let student = try MultilayerPerceptron.make(sizes: setup.studentSizes, dropout: 0, seed: seeds[index])
            return try StudentTraining.train(
                student, on: teachers.runs[index].labeledSet,
                targets: .hardLabels(labelSmoothing: settings.labelSmoothing), budget: budget, seed: seeds[index],
                progress: narration.trainerProgress(
                    "label smoothing, run \(index + 1)", epochs: budget.epochs(count: setup.labeledCount)))
        }
        let validation = teachers.runs.map(\.validation)
        let bins = settings.binCount
        return Result(
            configuration: settings, seeds: seeds,
            hard: reliability(
                name: "labels only", networks: comparison.longStudents[.hardLabels]!, validation: validation, binCount: bins),
            smoothed: reliability(name: "label smoothing", networks: smoothed, validation: validation, binCount: bins),
            allLabels: reliability(
                name: "all pool labels", networks: comparison.longStudents[.allLabels]!, validation: validation,
                binCount: bins),
            distilled: reliability(
                name: "distilled (all-label teacher, transfer)", networks: comparison.longStudents[.fullTransfer]!,
                validation: validation, binCount: bins))
    }
}
