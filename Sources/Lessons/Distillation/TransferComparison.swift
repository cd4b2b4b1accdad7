import NeuralKit

/// The main comparison: a small student trained on the few labels it has, against students
/// distilled from the teacher, on the labelled digits only or on the whole transfer set, from the
/// single teacher and from the ensemble; at a matched (short) budget and at a converged (long) one.
public enum TransferComparison {
    public enum Condition: String, CaseIterable, Sendable {
        case hardLabels = "labels only"
        case labeledOnly = "KD, labelled"
        case transfer = "KD, transfer"
        case ensembleTransfer = "KD, ensemble"
    }

    public struct Configuration: Sendable {
        public var temperature = 4.0
        public var alpha = 0.7
        public var matchedSteps = 250
        public var convergedSteps = 1500
        public var seedCount = 3
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                convergedSteps = 1000
                matchedSteps = 200
            }
        }
        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ 10 &+ $0 } }
        public var budgets: [Int] { [matchedSteps, convergedSteps] }
    }

    public struct Cell: Sendable {
        public let condition: Condition
        public let steps: Int
        public let validationAccuracy: SeedSummary
    }

    public struct Result: @unchecked Sendable {
        public let configuration: Configuration
        public let cells: [Cell]
        /// The converged students per condition (one per seed), for the calibration section.
        public let convergedStudents: [Condition: [Sequential<Float>]]

        public func accuracy(_ condition: Condition, steps: Int) -> SeedSummary {
            cells.first { $0.condition == condition && $0.steps == steps }!.validationAccuracy
        }
    }

    public static func targets(
        _ condition: Condition, teachers: DigitsTeachers.Result, temperature: Double, alpha: Double
    ) -> (Dataset, StudentTraining.Targets) {
        let labeled = teachers.configuration.labeledCount
        switch condition {
        case .hardLabels:
            return (teachers.labeledSet, .hardLabels(labelSmoothing: 0))
        case .labeledOnly:
            let logits = teachers.teacherPoolLogits.rows(0..<labeled)
            return (
                teachers.labeledSet,
                .teacher(logits: logits, temperature: temperature, alpha: alpha, labeledCount: labeled))
        case .transfer:
            return (
                teachers.pool,
                .teacher(
                    logits: teachers.teacherPoolLogits, temperature: temperature, alpha: alpha,
                    labeledCount: labeled))
        case .ensembleTransfer:
            return (
                teachers.pool,
                .teacher(
                    logits: teachers.ensemblePoolLogits, temperature: temperature, alpha: alpha,
                    labeledCount: labeled))
        }
    }

    public static func run(
        _ configuration: Configuration, teachers: DigitsTeachers.Result, narration: ExperimentNarration
    ) throws -> Result {
        narration.announce(
            "Students: \(Condition.allCases.count) ways × budgets \(configuration.budgets) steps × "
                + "\(configuration.seedCount) seeds")
        var cells: [Cell] = []
        var converged: [Condition: [Sequential<Float>]] = [:]
        for condition in Condition.allCases {
            let (data, targets) = targets(
                condition, teachers: teachers, temperature: configuration.temperature, alpha: configuration.alpha)
            for steps in configuration.budgets {
                var accuracies: [Double] = []
                for seed in configuration.seeds {
                    let student = try MultilayerPerceptron.make(
                        sizes: teachers.configuration.studentSizes, dropout: 0, seed: seed)
                    let budget = StudentTraining.Budget(steps: steps)
                    try StudentTraining.train(
                        student, on: data, targets: targets, budget: budget, seed: seed,
                        progress: narration.trainerProgress(
                            "\(condition.rawValue), \(steps) steps, seed \(seed)",
                            epochs: budget.epochs(count: data.count)))
                    accuracies.append(student.accuracy(on: teachers.validation))
                    if steps == configuration.convergedSteps { converged[condition, default: []].append(student) }
                }
                cells.append(Cell(condition: condition, steps: steps, validationAccuracy: SeedSummary(accuracies)))
            }
        }
        return Result(configuration: configuration, cells: cells, convergedStudents: converged)
    }
}
