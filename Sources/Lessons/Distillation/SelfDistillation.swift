import NeuralKit

/// Self-distillation: a network of the student's size, trained to convergence on the labelled
/// digits, teaches a fresh copy of itself on the same digits (no transfer set, no larger model).
public enum SelfDistillation {
    public struct Configuration: Sendable {
        public var temperature = 2.0
        public var alpha = 0.7
        public var steps = 1500
        public var seedCount = 3
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick { steps = 700 }
        }
        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ 20 &+ $0 } }
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let teacherAccuracy: SeedSummary
        public let studentAccuracy: SeedSummary
        public var improvement: SeedSummary { studentAccuracy - teacherAccuracy }
        public var improvedSeeds: Int { SeedSummary.agreement(studentAccuracy, teacherAccuracy) { $0 > $1 } }
    }

    public static func run(
        _ configuration: Configuration, teachers: DigitsTeachers.Result, narration: ExperimentNarration
    ) throws -> Result {
        narration.announce("Self-distillation: \(configuration.seedCount) teacher–student pairs of the same size")
        let labeled = teachers.labeledSet
        var teacherAccuracies: [Double] = []
        var studentAccuracies: [Double] = []
        let budget = StudentTraining.Budget(steps: configuration.steps)
        let sizes = teachers.configuration.studentSizes
        for seed in configuration.seeds {
            let progress = narration.startRun("teacher and student, seed \(seed)", 2)
            let teacher = try StudentTraining.train(
                try MultilayerPerceptron.make(sizes: sizes, dropout: 0, seed: seed), on: labeled,
                targets: .hardLabels(labelSmoothing: 0), budget: budget, seed: seed)
            progress(1, .nan)
            let student = try StudentTraining.train(
                try MultilayerPerceptron.make(sizes: sizes, dropout: 0, seed: seed &+ 500), on: labeled,
                targets: .teacher(
                    logits: teacher.predict(labeled.features), temperature: configuration.temperature,
                    alpha: configuration.alpha, labeledCount: labeled.count),
                budget: budget, seed: seed &+ 500)
            progress(2, .nan)
            teacherAccuracies.append(teacher.accuracy(on: teachers.validation))
            studentAccuracies.append(student.accuracy(on: teachers.validation))
        }
        return Result(
            configuration: configuration, teacherAccuracy: SeedSummary(teacherAccuracies),
            studentAccuracy: SeedSummary(studentAccuracies))
    }
}
