import NeuralKit
import Notebook
import NotebookDocument

/// The digits setting of the distillation lesson, one independent run per seed. Each run draws
/// its own pool of training digits, whose first `labeledCount` rows keep their labels for the
/// student (the rest is the transfer set, which the student sees only through a teacher), its own
/// validation set, and trains its own teachers:
///
/// - the *full-label* teachers: an ensemble of `ensembleSize` large MLPs trained on every label
///   of the pool (member 1 is "the single teacher"). They know labels the student never gets:
///   privileged information, which is what a deployed teacher usually has, but which a fair
///   comparison must account for;
/// - the *same-label* teacher: one large MLP trained on the student's `labeledCount` labels only.
///   Anything a student gains from it comes from the teacher's soft outputs (and, on the transfer
///   set, from unlabelled inputs), not from labels the student lacked.
public enum DigitsTeachers {
    public struct Settings: ExperimentSettings {
        /// Independent runs: each has its own pool, validation set, teachers and students.
        public var runs = 5
        public var poolCount = 1000
        public var labeledCount = 150
        public var validationCount = 500
        public var teacherHidden = [256, 256]
        public var studentHidden = [32]
        public var ensembleSize = 3
        public var teacherSteps = 1200
        public var teacherLearningRate = 1e-3
        /// Every student of the lesson is trained with Adam at this rate, in batches of this size.
        public var studentLearningRate = 3e-3
        public var batchSize = 32

        public init(quick: Bool) {
            if quick {
                runs = 3
                validationCount = 300
                teacherSteps = 800
                ensembleSize = 2
            }
        }

        static let owner = "teachers"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .integer("runs", \.runs, in: 1...20, "independent runs (pool, teachers and students each)", owner: owner),
            .integer("pool-count", \.poolCount, in: 50...1_200, "training digits in each run's pool", owner: owner),
            .integer(
                "labeled-count", \.labeledCount, in: 10...1_200,
                "pool digits whose labels the student may use (the rest is the transfer set)", owner: owner),
            .integer("validation-count", \.validationCount, in: 50...500, "validation digits", owner: owner),
            .integers("teacher-hidden", \.teacherHidden, in: 1...2_048, count: 1...6, "teacher hidden widths", owner: owner),
            .integers("student-hidden", \.studentHidden, in: 1...2_048, count: 1...6, "student hidden widths", owner: owner),
            .integer("ensemble-size", \.ensembleSize, in: 1...10, "full-label teachers averaged in the ensemble", owner: owner),
            .integer("teacher-steps", \.teacherSteps, in: 1...100_000, "optimiser steps per teacher", owner: owner),
            .number(
                "teacher-learning-rate", \.teacherLearningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true,
                "teachers' Adam learning rate", owner: owner),
            .number(
                "student-learning-rate", \.studentLearningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true,
                "every student's Adam learning rate", owner: owner),
            .integer("batch-size", \.batchSize, in: 1...1_000, "mini-batch size of teachers and students", owner: owner),
        ]

        public var teacherSizes: [Int] { [Digits.pixelCount] + teacherHidden + [Digits.classCount] }
        public var studentSizes: [Int] { [Digits.pixelCount] + studentHidden + [Digits.classCount] }
        public var transferCount: Int { poolCount - labeledCount }
        public var teacherBudget: StudentTraining.Budget {
            StudentTraining.Budget(steps: teacherSteps, batchSize: batchSize, learningRate: teacherLearningRate)
        }
        /// A student's budget of `steps` optimiser steps.
        public func studentBudget(steps: Int) -> StudentTraining.Budget {
            StudentTraining.Budget(steps: steps, batchSize: batchSize, learningRate: studentLearningRate)
        }

        func validate() throws {
            guard labeledCount < poolCount else {
                throw SettingError(
                    "teachers: labeled-count \(labeledCount) must be below pool-count \(poolCount), so that a transfer set is left")
            }
        }

        public func caption(seed: UInt64) -> String {
            "digits: \(poolCount) training images (\(labeledCount) labelled for the student), \(validationCount) validation; "
                + "teachers MLP \(teacherSizes.map(String.init).joined(separator: "-")), \(teacherSteps) steps "
                + "(ensemble of \(ensembleSize) on all labels; one on the student's labels), "
                + "student \(studentSizes.map(String.init).joined(separator: "-")), Adam(η = \(formatNumber(studentLearningRate))), "
                + "batch \(batchSize), \(SeedStream.captionForm(base: seed, runs: runs))"
        }
    }

    /// One run: its data and teachers.
    public struct Run: @unchecked Sendable {
        public let seed: UInt64
        /// The pool (first `labeledCount` rows labelled for the student) and the validation set.
        public let pool: Dataset
        public let validation: Dataset
        public let labeledCount: Int
        /// The full-label teachers; `ensemble[0]` is the single teacher.
        public let ensemble: [Sequential<Float>]
        /// The teacher trained on the student's labels only.
        public let sameLabelTeacher: Sequential<Float>
        /// Logits on the pool and on the validation set.
        public let teacherPoolLogits: Tensor<Float>
        public let ensemblePoolLogits: Tensor<Float>
        public let sameLabelPoolLogits: Tensor<Float>
        public let teacherValidationLogits: Tensor<Float>
        public let ensembleValidationLogits: Tensor<Float>
        public let sameLabelValidationLogits: Tensor<Float>

        public var labeledSet: Dataset { pool.subset(Array(0..<labeledCount)) }
        public var teacherAccuracy: Double { DistillationMeasures.accuracy(teacherValidationLogits, labels: validation.labels) }
        public var ensembleAccuracy: Double { DistillationMeasures.accuracy(ensembleValidationLogits, labels: validation.labels) }
        public var sameLabelAccuracy: Double {
            DistillationMeasures.accuracy(sameLabelValidationLogits, labels: validation.labels)
        }
        /// Mean max-probability of the single teacher on its own training data at T = 1.
        public var teacherTrainingConfidence: Double { DistillationMeasures.meanConfidence(teacherPoolLogits.softmax()) }
    }

    public struct Result: @unchecked Sendable {
        public let configuration: Settings
        public let baseSeed: UInt64
        public let runs: [Run]
        public var seeds: [UInt64] { runs.map(\.seed) }
        public var teacherAccuracy: SeedSummary { SeedSummary(runs.map(\.teacherAccuracy)) }
        public var ensembleAccuracy: SeedSummary { SeedSummary(runs.map(\.ensembleAccuracy)) }
        public var sameLabelAccuracy: SeedSummary { SeedSummary(runs.map(\.sameLabelAccuracy)) }
        public var teacherTrainingConfidence: SeedSummary { SeedSummary(runs.map(\.teacherTrainingConfidence)) }
    }

    /// Trains every run's teachers, up to `jobs` at once; the results do not depend on `jobs`.
    public static func run(
        _ settings: Settings, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        try settings.validate()
        let digits = try Digits.load(scaling: .unitInterval)
        let splits = try seeds.map { seed in
            var generator = RandomGenerator(seed: seed).derived("distillation-split")
            return try digits.split(
                trainCount: settings.poolCount, validationCount: settings.validationCount, stratified: true,
                using: &generator)
        }
        narration.announce(
            "Training \(seeds.count * (settings.ensembleSize + 1)) teachers (\(seeds.count) runs: "
                + "\(settings.ensembleSize) on \(settings.poolCount) labels, 1 on \(settings.labeledCount))")
        // Index m < ensembleSize: full-label member m; index ensembleSize: the same-label teacher.
        let perRun = settings.ensembleSize + 1
        let teachers = try ParallelRuns.map(seeds.count * perRun, jobs: jobs) { index -> Sequential<Float> in
            let run = index / perRun, member = index % perRun
            let split = splits[run]
            let sameLabel = member == settings.ensembleSize
            let data = sameLabel ? split.train.subset(Array(0..<settings.labeledCount)) : split.train
            let seed = RandomGenerator(seed: seeds[run]).derived(sameLabel ? "same-label-teacher" : "teacher-\(member)").seed
            let network = try MultilayerPerceptron.make(sizes: settings.teacherSizes, dropout: 0, seed: seed)
            let title = sameLabel ? "run \(run + 1): teacher on \(settings.labeledCount) labels" : "run \(run + 1): teacher \(member + 1)"
            return try StudentTraining.train(
                network, on: data, targets: .hardLabels(labelSmoothing: 0), budget: settings.teacherBudget, seed: seed,
                progress: narration.trainerProgress(title, epochs: settings.teacherBudget.epochs(count: data.count)))
        }
        let runs = seeds.indices.map { run -> Run in
            let split = splits[run]
            let members = Array(teachers[(run * perRun)..<(run * perRun + settings.ensembleSize)])
            let sameLabel = teachers[run * perRun + settings.ensembleSize]
            let poolLogits = members.map { $0.predict(split.train.features) }
            let validationLogits = members.map { $0.predict(split.validation.features) }
            return Run(
                seed: seeds[run], pool: split.train, validation: split.validation, labeledCount: settings.labeledCount,
                ensemble: members, sameLabelTeacher: sameLabel,
                teacherPoolLogits: poolLogits[0], ensemblePoolLogits: DistillationMeasures.ensembleLogits(poolLogits),
                sameLabelPoolLogits: sameLabel.predict(split.train.features),
                teacherValidationLogits: validationLogits[0],
                ensembleValidationLogits: DistillationMeasures.ensembleLogits(validationLogits),
                sameLabelValidationLogits: sameLabel.predict(split.validation.features))
        }
        return Result(configuration: settings, baseSeed: baseSeed, runs: runs)
    }
}
