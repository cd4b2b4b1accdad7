import NeuralKit
import Notebook
import NotebookDocument

/// Self-distillation: a network of the student's size, trained on each run's labelled digits,
/// teaches a fresh copy of itself on the same digits (no transfer set, no larger model, no extra
/// labels). Teacher and student train for the same number of steps.
public enum SelfDistillation {
    public struct Settings: ExperimentSettings {
        public var temperature = 2.0
        public var alpha = 0.7
        public var steps = 1500

        public init(quick: Bool) {
            if quick { steps = 700 }
        }

        static let owner = "self-distillation"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .number("temperature", \.temperature, from: 0.05, to: 1_000, "distillation temperature T", owner: owner),
            .number("alpha", \.alpha, from: 0, to: 1, upperIncluded: true, "weight α of the soft term", owner: owner),
            .integer("steps", \.steps, in: 1...100_000, "optimiser steps of teacher and student each", owner: owner),
        ]
    }

    public struct Result: Sendable {
        public let configuration: Settings
        public let seeds: [UInt64]
        public let teacherAccuracy: SeedSummary
        public let studentAccuracy: SeedSummary
        public var improvement: SeedSummary { studentAccuracy - teacherAccuracy }
    }

    public static func run(
        _ settings: Settings, teachers: DigitsTeachers.Result, seeds: [UInt64], jobs: Int,
        narration: ExperimentNarration
    ) throws -> Result {
        narration.announce("Self-distillation: \(seeds.count) teacher–student pairs of the same size")
        let setup = teachers.configuration
        let budget = setup.studentBudget(steps: settings.steps)
        let pairs = try ParallelRuns.map(seeds.count, jobs: jobs) { index -> (Double, Double) in
            let run = teachers.runs[index]
            let labeled = run.labeledSet
            let root = RandomGenerator(seed: seeds[index])
            let teacherSeed = root.derived("teacher").seed, studentSeed = root.derived("student").seed
            let progress = narration.startRun("teacher and student, run \(index + 1)", 2)
            let teacher = try StudentTraining.train(
                try MultilayerPerceptron.make(sizes: setup.studentSizes, dropout: 0, seed: teacherSeed), on: labeled,
                targets: .hardLabels(labelSmoothing: 0), budget: budget, seed: teacherSeed)
            progress(1, .nan)
            let student = try StudentTraining.train(
                try MultilayerPerceptron.make(sizes: setup.studentSizes, dropout: 0, seed: studentSeed), on: labeled,
                targets: .teacher(
                    logits: teacher.predict(labeled.features), temperature: settings.temperature,
                    alpha: settings.alpha, labeledCount: labeled.count),
                budget: budget, seed: studentSeed)
            progress(2, .nan)
            return (teacher.accuracy(on: run.validation), student.accuracy(on: run.validation))
        }
        return Result(
            configuration: settings, seeds: seeds, teacherAccuracy: SeedSummary(pairs.map(\.0)),
            studentAccuracy: SeedSummary(pairs.map(\.1)))
    }
}
