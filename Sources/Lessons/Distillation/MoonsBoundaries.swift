import NeuralKit
import Notebook
import NotebookDocument

/// Decision boundaries on two moons, per run: a large teacher trained on every labelled point, a
/// small student that has labels for only a handful of them, the same student distilled from that
/// teacher's soft labels on all the points, and, as the fair comparison, the student distilled on
/// all the points from a large teacher that saw only the student's few labels.
public enum MoonsBoundaries {
    public struct Settings: ExperimentSettings {
        public var runs = 5
        public var pointCount = 300
        public var labeledCount = 16
        public var testCount = 1000
        public var noise = 0.2
        public var teacherHidden = [64, 64]
        public var studentHidden = [16]
        public var temperature = 2.0
        public var alpha = 0.7
        public var steps = 1500
        public var learningRate = 3e-3
        public var batchSize = 32
        public var grid = 50

        public init(quick: Bool) {
            if quick {
                runs = 3
                steps = 600
                grid = 25
            }
        }

        static let owner = "moons"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .integer("runs", \.runs, in: 1...20, "independent runs (points, teachers, students)", owner: owner),
            .integer("points", \.pointCount, in: 10...5_000, "two-moons points the teacher learns from", owner: owner),
            .integer("labeled-count", \.labeledCount, in: 2...5_000, "points whose labels the student may use", owner: owner),
            .integer("test-count", \.testCount, in: 10...20_000, "fresh test points", owner: owner),
            .number("noise", \.noise, from: 0, to: 2, upperIncluded: true, "two-moons noise", owner: owner),
            .integers("teacher-hidden", \.teacherHidden, in: 1...1_024, count: 1...6, "teacher hidden widths", owner: owner),
            .integers("student-hidden", \.studentHidden, in: 1...1_024, count: 1...6, "student hidden widths", owner: owner),
            .number("temperature", \.temperature, from: 0.05, to: 1_000, "distillation temperature T", owner: owner),
            .number("alpha", \.alpha, from: 0, to: 1, upperIncluded: true, "weight α of the soft term", owner: owner),
            .integer("steps", \.steps, in: 1...100_000, "optimiser steps of every network", owner: owner),
            .number(
                "learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true,
                "Adam's learning rate", owner: owner),
            .integer("batch-size", \.batchSize, in: 1...5_000, "mini-batch size", owner: owner),
            .integer("grid", \.grid, in: 5...300, "grid points per side of the figure", owner: owner),
        ]

        public var teacherSizes: [Int] { [2] + teacherHidden + [2] }
        public var studentSizes: [Int] { [2] + studentHidden + [2] }
        var budget: StudentTraining.Budget {
            StudentTraining.Budget(steps: steps, batchSize: batchSize, learningRate: learningRate)
        }

        func validate() throws {
            guard labeledCount < pointCount else {
                throw SettingError("moons: labeled-count \(labeledCount) must be below points \(pointCount)")
            }
        }

        public func caption(seed: UInt64) -> String {
            "two moons, \(pointCount) points (\(labeledCount) labelled for the student), noise \(formatNumber(noise)); "
                + "teacher \(teacherSizes.map(String.init).joined(separator: "-")), student "
                + "\(studentSizes.map(String.init).joined(separator: "-")); T = \(formatNumber(temperature)), "
                + "α = \(formatNumber(alpha)), \(steps) steps, \(SeedStream.captionForm(base: seed, runs: runs))"
        }
    }

    public struct Result: Sendable {
        public let configuration: Settings
        public let seeds: [UInt64]
        public let xs: [Double]
        public let ys: [Double]
        /// p(class 1) on the grid for the first run: teacher, hard-label student, distilled student.
        public let fields: [[Double]]
        /// The first run's points, the labelled ones first.
        public let points: Dataset
        public let teacherAccuracy: SeedSummary
        public let sameLabelTeacherAccuracy: SeedSummary
        public let hardAccuracy: SeedSummary
        public let distilledAccuracy: SeedSummary
        public let sameLabelDistilledAccuracy: SeedSummary
    }

    private struct Run: @unchecked Sendable {
        let accuracies: [Double]  // teacher, same-label teacher, hard, distilled, same-label distilled
        let networks: [Sequential<Float>]  // teacher, hard, distilled
        let points: Dataset
    }

    public static func run(
        _ settings: Settings, seeds: [UInt64], jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        try settings.validate()
        narration.announce(
            "Two moons: teachers, a student from \(settings.labeledCount) labels, distilled students (\(seeds.count) runs)")
        let runs = try ParallelRuns.map(seeds.count, jobs: jobs) { index -> Run in
            let seed = seeds[index]
            var generator = RandomGenerator(seed: seed).derived("moons")
            let points = try Dataset.twoMoons(count: settings.pointCount, noise: Float(settings.noise), using: &generator)
            // the labelled points: a shuffled subset (the generator lists one moon, then the other)
            var shuffle = RandomGenerator(seed: seed).derived("labelled")
            let data = points.subset(shuffle.permutation(points.count))
            let labeled = data.subset(Array(0..<settings.labeledCount))
            let test = try Dataset.twoMoons(count: settings.testCount, noise: Float(settings.noise), using: &generator)
            let root = RandomGenerator(seed: seed)
            let teacherSeed = root.derived("teacher").seed, studentSeed = root.derived("student").seed
            let progress = narration.startRun("two moons, run \(index + 1)", 5)
            func network(_ sizes: [Int], _ seed: UInt64) throws -> Sequential<Float> {
                try MultilayerPerceptron.make(sizes: sizes, dropout: 0, seed: seed)
            }
            let teacher = try StudentTraining.train(
                try network(settings.teacherSizes, teacherSeed), on: data, targets: .hardLabels(labelSmoothing: 0),
                budget: settings.budget, seed: teacherSeed)
            progress(1, .nan)
            let sameLabelTeacher = try StudentTraining.train(
                try network(settings.teacherSizes, teacherSeed), on: labeled, targets: .hardLabels(labelSmoothing: 0),
                budget: settings.budget, seed: teacherSeed)
            progress(2, .nan)
            let hard = try StudentTraining.train(
                try network(settings.studentSizes, studentSeed), on: labeled, targets: .hardLabels(labelSmoothing: 0),
                budget: settings.budget, seed: studentSeed)
            progress(3, .nan)
            func distil(from teacher: Sequential<Float>) throws -> Sequential<Float> {
                try StudentTraining.train(
                    try network(settings.studentSizes, studentSeed), on: data,
                    targets: .teacher(
                        logits: teacher.predict(data.features), temperature: settings.temperature,
                        alpha: settings.alpha, labeledCount: settings.labeledCount),
                    budget: settings.budget, seed: studentSeed)
            }
            let distilled = try distil(from: teacher)
            progress(4, .nan)
            let sameLabelDistilled = try distil(from: sameLabelTeacher)
            progress(5, .nan)
            return Run(
                accuracies: [teacher, sameLabelTeacher, hard, distilled, sameLabelDistilled].map { $0.accuracy(on: test) },
                networks: [teacher, hard, distilled], points: data)
        }
        let n = settings.grid
        let xs = (0..<n).map { -1.6 + 4.2 * Double($0) / Double(n - 1) }
        let ys = (0..<n).map { -1.2 + 2.9 * Double($0) / Double(n - 1) }
        var grid = Tensor<Float>(rows: n * n, columns: 2)
        for j in 0..<n {
            for i in 0..<n {
                grid[j * n + i, 0] = Float(xs[i])
                grid[j * n + i, 1] = Float(ys[j])
            }
        }
        let fields = runs[0].networks.map { network in
            let p = network.predict(grid).softmax()
            return (0..<n * n).map { Double(p[$0, 1]) }
        }
        func summary(_ index: Int) -> SeedSummary { SeedSummary(runs.map { $0.accuracies[index] }) }
        return Result(
            configuration: settings, seeds: seeds, xs: xs, ys: ys, fields: fields, points: runs[0].points,
            teacherAccuracy: summary(0), sameLabelTeacherAccuracy: summary(1), hardAccuracy: summary(2),
            distilledAccuracy: summary(3), sameLabelDistilledAccuracy: summary(4))
    }
}
