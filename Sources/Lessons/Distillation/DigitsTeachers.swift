import NeuralKit

/// The digits setting of the distillation lesson: a pool of training digits whose first
/// `labeledCount` rows keep their labels for the student (the rest is the transfer set, which the
/// student sees only through the teacher), a validation set, and teachers trained on the whole
/// labelled pool: one large MLP and an ensemble of `ensembleSize` of them.
public enum DigitsTeachers {
    public struct Configuration: Sendable {
        public var poolCount = 1000
        public var labeledCount = 150
        public var validationCount = 500
        public var teacherSizes = [64, 256, 256, 10]
        public var studentSizes = [64, 32, 10]
        public var ensembleSize = 3
        public var teacherBudget = StudentTraining.Budget(steps: 1200, batchSize: 32, learningRate: 1e-3)
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                validationCount = 300
                teacherBudget.steps = 800
                ensembleSize = 2
            }
        }

        public var caption: String {
            "digits: \(poolCount) training images (\(labeledCount) labelled for the student), "
                + "\(validationCount) validation; teacher MLP \(teacherSizes.map(String.init).joined(separator: "-")) "
                + "(ensemble of \(ensembleSize)), student \(studentSizes.map(String.init).joined(separator: "-")), Adam"
        }
    }

    public struct Result: @unchecked Sendable {
        public let configuration: Configuration
        /// The pool (first `labeledCount` rows labelled for the student) and the validation set.
        public let pool: Dataset
        public let validation: Dataset
        public let teacher: Sequential<Float>
        public let ensemble: [Sequential<Float>]
        /// Logits on the pool and on the validation set: single teacher and ensemble.
        public let teacherPoolLogits: Tensor<Float>
        public let ensemblePoolLogits: Tensor<Float>
        public let teacherValidationLogits: Tensor<Float>
        public let ensembleValidationLogits: Tensor<Float>

        public var labeledSet: Dataset { pool.subset(Array(0..<configuration.labeledCount)) }
        public var teacherAccuracy: Double {
            DistillationMeasures.accuracy(teacherValidationLogits, labels: validation.labels)
        }
        public var ensembleAccuracy: Double {
            DistillationMeasures.accuracy(ensembleValidationLogits, labels: validation.labels)
        }
        /// Mean max-probability of the single teacher on its own training data at T = 1.
        public var teacherTrainingConfidence: Double {
            DistillationMeasures.meanConfidence(teacherPoolLogits.softmax())
        }
    }

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        let digits = try Digits.load(scaling: .unitInterval)
        var generator = RandomGenerator(seed: configuration.seed).derived("distillation-split")
        let split = try digits.split(
            trainCount: configuration.poolCount, validationCount: configuration.validationCount,
            stratified: true, using: &generator)
        narration.announce(
            "Training \(configuration.ensembleSize) teachers on \(configuration.poolCount) labelled digits")
        var members: [Sequential<Float>] = []
        for member in 0..<configuration.ensembleSize {
            let seed = configuration.seed &+ 1000 &+ UInt64(member)
            let network = try MultilayerPerceptron.make(sizes: configuration.teacherSizes, dropout: 0, seed: seed)
            let epochs = configuration.teacherBudget.epochs(count: split.train.count)
            members.append(
                try StudentTraining.train(
                    network, on: split.train, targets: .hardLabels(labelSmoothing: 0),
                    budget: configuration.teacherBudget, seed: seed,
                    progress: narration.trainerProgress("teacher \(member + 1)", epochs: epochs)))
        }
        let poolLogits = members.map { $0.predict(split.train.features) }
        let validationLogits = members.map { $0.predict(split.validation.features) }
        return Result(
            configuration: configuration, pool: split.train, validation: split.validation,
            teacher: members[0], ensemble: members,
            teacherPoolLogits: poolLogits[0], ensemblePoolLogits: DistillationMeasures.ensembleLogits(poolLogits),
            teacherValidationLogits: validationLogits[0],
            ensembleValidationLogits: DistillationMeasures.ensembleLogits(validationLogits))
    }
}
