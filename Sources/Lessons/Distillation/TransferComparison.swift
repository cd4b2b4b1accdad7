import NeuralKit
import Notebook
import NotebookDocument

/// The main comparison: students of one size trained in seven ways on each run's data, at a short
/// and a long budget of optimiser steps. Every student of a run starts from the same weights (the
/// run's student seed), so each difference is paired.
///
/// The conditions separate three sources of a distilled student's gain:
/// - the teacher's soft outputs alone: a teacher trained on the student's own labels, distilled on
///   the same labelled digits (*same data*);
/// - unlabelled inputs: the same teacher, distilled on the whole pool (the transfer set);
/// - labels the student never had (privileged information): teachers trained on every label of
///   the pool, and, as the reference for it, a student trained on all those labels directly.
public enum TransferComparison {
    public enum Condition: String, CaseIterable, Sendable {
        case hardLabels = "labels only"
        case sameLabelLabeled = "KD, same-label teacher, labelled digits"
        case sameLabelTransfer = "KD, same-label teacher, transfer set"
        case fullLabeled = "KD, all-label teacher, labelled digits"
        case fullTransfer = "KD, all-label teacher, transfer set"
        case ensembleTransfer = "KD, all-label ensemble, transfer set"
        case allLabels = "all pool labels (no teacher)"

        /// The label of the bar chart.
        public var shortTitle: String {
            switch self {
            case .hardLabels: "labels"
            case .sameLabelLabeled: "S"
            case .sameLabelTransfer: "S + T"
            case .fullLabeled: "A"
            case .fullTransfer: "A + T"
            case .ensembleTransfer: "E + T"
            case .allLabels: "all labels"
            }
        }
    }

    public struct Settings: ExperimentSettings {
        public var temperature = 4.0
        public var alpha = 0.7
        public var shortSteps = 250
        public var longSteps = 1500

        public init(quick: Bool) {
            if quick {
                shortSteps = 200
                longSteps = 1000
            }
        }

        static let owner = "comparison"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .number("temperature", \.temperature, from: 0.05, to: 1_000, "distillation temperature T", owner: owner),
            .number("alpha", \.alpha, from: 0, to: 1, upperIncluded: true, "weight α of the soft term", owner: owner),
            .integer("short-steps", \.shortSteps, in: 1...100_000, "optimiser steps of the short budget", owner: owner),
            .integer("long-steps", \.longSteps, in: 1...100_000, "optimiser steps of the long budget", owner: owner),
        ]

        public var budgets: [Int] { [shortSteps, longSteps] }

        func validate() throws {
            guard shortSteps < longSteps else {
                throw SettingError(
                    "comparison: short-steps \(shortSteps) must be below long-steps \(longSteps)")
            }
        }
    }

    public struct Cell: Sendable {
        public let condition: Condition
        public let steps: Int
        public let validationAccuracy: SeedSummary
    }

    public struct Result: @unchecked Sendable {
        public let configuration: Settings
        public let seeds: [UInt64]
        public let cells: [Cell]
        /// The long-budget students per condition (one per run), for the calibration section.
        public let longStudents: [Condition: [Sequential<Float>]]

        public func accuracy(_ condition: Condition, steps: Int) -> SeedSummary {
            cells.first { $0.condition == condition && $0.steps == steps }!.validationAccuracy
        }
        public func long(_ condition: Condition) -> SeedSummary { accuracy(condition, steps: configuration.longSteps) }
        public func short(_ condition: Condition) -> SeedSummary { accuracy(condition, steps: configuration.shortSteps) }
    }

    /// What the student of `condition` trains on in `run`.
    public static func targets(
        _ condition: Condition, run: DigitsTeachers.Run, temperature: Double, alpha: Double
    ) -> (Dataset, StudentTraining.Targets) {
        let labeled = run.labeledCount
        func distilled(_ logits: Tensor<Float>, onPool: Bool) -> (Dataset, StudentTraining.Targets) {
            (
                onPool ? run.pool : run.labeledSet,
                .teacher(
                    logits: onPool ? logits : logits.rows(0..<labeled), temperature: temperature, alpha: alpha,
                    labeledCount: labeled)
            )
        }
        switch condition {
        case .hardLabels: return (run.labeledSet, .hardLabels(labelSmoothing: 0))
        case .allLabels: return (run.pool, .hardLabels(labelSmoothing: 0))
        case .sameLabelLabeled: return distilled(run.sameLabelPoolLogits, onPool: false)
        case .sameLabelTransfer: return distilled(run.sameLabelPoolLogits, onPool: true)
        case .fullLabeled: return distilled(run.teacherPoolLogits, onPool: false)
        case .fullTransfer: return distilled(run.teacherPoolLogits, onPool: true)
        case .ensembleTransfer: return distilled(run.ensemblePoolLogits, onPool: true)
        }
    }

    public static func run(
        _ settings: Settings, teachers: DigitsTeachers.Result, seeds: [UInt64], jobs: Int,
        narration: ExperimentNarration
    ) throws -> Result {
        try settings.validate()
        let conditions = Condition.allCases
        let budgets = settings.budgets
        narration.announce(
            "Students: \(conditions.count) ways × budgets \(budgets) steps × \(seeds.count) runs")
        let setup = teachers.configuration
        // index = (condition · budgets + budget) · runs + run
        let count = conditions.count * budgets.count * seeds.count
        let trained = try ParallelRuns.map(count, jobs: jobs) { index -> (Double, Sequential<Float>) in
            let run = index % seeds.count
            let budgetIndex = (index / seeds.count) % budgets.count
            let condition = conditions[index / (seeds.count * budgets.count)]
            let (data, targets) = targets(
                condition, run: teachers.runs[run], temperature: settings.temperature, alpha: settings.alpha)
            let student = try MultilayerPerceptron.make(sizes: setup.studentSizes, dropout: 0, seed: seeds[run])
            let budget = setup.studentBudget(steps: budgets[budgetIndex])
            try StudentTraining.train(
                student, on: data, targets: targets, budget: budget, seed: seeds[run],
                progress: narration.trainerProgress(
                    "\(condition.shortTitle), \(budgets[budgetIndex]) steps, run \(run + 1)",
                    epochs: budget.epochs(count: data.count)))
            return (student.accuracy(on: teachers.runs[run].validation), student)
        }
        var cells: [Cell] = []
        var long: [Condition: [Sequential<Float>]] = [:]
        for (c, condition) in conditions.enumerated() {
            for (b, steps) in budgets.enumerated() {
                let start = (c * budgets.count + b) * seeds.count
                let slice = trained[start..<(start + seeds.count)]
                cells.append(Cell(condition: condition, steps: steps, validationAccuracy: SeedSummary(slice.map(\.0))))
                if steps == settings.longSteps { long[condition] = slice.map(\.1) }
            }
        }
        return Result(configuration: settings, seeds: seeds, cells: cells, longStudents: long)
    }
}
