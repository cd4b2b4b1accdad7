import NeuralKit

/// Decision boundaries on two moons: a large teacher trained on every labelled point, a small
/// student that has labels for only a handful of them, and the same student distilled from the
/// teacher's soft labels on all the points.
public enum MoonsBoundaries {
    public struct Configuration: Sendable {
        public var pointCount = 300
        public var labeledCount = 16
        public var testCount = 1000
        public var noise: Float = 0.2
        public var teacherSizes = [2, 64, 64, 2]
        public var studentSizes = [2, 16, 2]
        public var temperature = 2.0
        public var alpha = 0.7
        public var steps = 1500
        public var gridSize = 50
        public var seedCount = 3
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                steps = 600
                gridSize = 25
            }
        }
        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ 30 &+ $0 } }
        public var caption: String {
            "two moons, \(pointCount) points (\(labeledCount) labelled for the student), noise \(noise); "
                + "teacher \(teacherSizes.map(String.init).joined(separator: "-")), student "
                + "\(studentSizes.map(String.init).joined(separator: "-")); T = \(temperature), α = \(alpha), "
                + "\(steps) steps, \(seedCount) seeds from \(seed)"
        }
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let xs: [Double]
        public let ys: [Double]
        /// p(class 1) on the grid for the first seed: teacher, hard-label student, distilled student.
        public let fields: [[Double]]
        public let points: Dataset
        public let teacherAccuracy: SeedSummary
        public let hardAccuracy: SeedSummary
        public let distilledAccuracy: SeedSummary
    }

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        narration.announce("Two moons: teacher, student from \(configuration.labeledCount) labels, distilled student")
        var teacherAccuracy: [Double] = []
        var hardAccuracy: [Double] = []
        var distilledAccuracy: [Double] = []
        var fields: [[Double]] = []
        var firstPoints: Dataset?
        var xs: [Double] = []
        var ys: [Double] = []
        let budget = StudentTraining.Budget(steps: configuration.steps)
        for seed in configuration.seeds {
            var generator = RandomGenerator(seed: seed).derived("moons")
            let points = try Dataset.twoMoons(
                count: configuration.pointCount, noise: configuration.noise, using: &generator)
            // the labelled points: a shuffled subset (the generator lists one moon, then the other)
            var shuffle = RandomGenerator(seed: seed).derived("labelled")
            let order = shuffle.permutation(points.count)
            let data = points.subset(order)
            let labeled = data.subset(Array(0..<configuration.labeledCount))
            let test = try Dataset.twoMoons(
                count: configuration.testCount, noise: configuration.noise, using: &generator)
            let progress = narration.startRun("two moons, seed \(seed)", 3)
            let teacher = try StudentTraining.train(
                try MultilayerPerceptron.make(sizes: configuration.teacherSizes, dropout: 0, seed: seed), on: data,
                targets: .hardLabels(labelSmoothing: 0), budget: budget, seed: seed)
            progress(1, .nan)
            let hard = try StudentTraining.train(
                try MultilayerPerceptron.make(sizes: configuration.studentSizes, dropout: 0, seed: seed &+ 1),
                on: labeled, targets: .hardLabels(labelSmoothing: 0), budget: budget, seed: seed &+ 1)
            progress(2, .nan)
            let distilled = try StudentTraining.train(
                try MultilayerPerceptron.make(sizes: configuration.studentSizes, dropout: 0, seed: seed &+ 1),
                on: data,
                targets: .teacher(
                    logits: teacher.predict(data.features), temperature: configuration.temperature,
                    alpha: configuration.alpha, labeledCount: configuration.labeledCount),
                budget: budget, seed: seed &+ 1)
            progress(3, .nan)
            teacherAccuracy.append(teacher.accuracy(on: test))
            hardAccuracy.append(hard.accuracy(on: test))
            distilledAccuracy.append(distilled.accuracy(on: test))
            if firstPoints == nil {
                firstPoints = labeled
                let n = configuration.gridSize
                xs = (0..<n).map { -1.6 + 4.2 * Double($0) / Double(n - 1) }
                ys = (0..<n).map { -1.2 + 2.9 * Double($0) / Double(n - 1) }
                var grid = Tensor<Float>(rows: n * n, columns: 2)
                for j in 0..<n {
                    for i in 0..<n {
                        grid[j * n + i, 0] = Float(xs[i])
                        grid[j * n + i, 1] = Float(ys[j])
                    }
                }
                fields = [teacher, hard, distilled].map { network in
                    let p = network.predict(grid).softmax()
                    return (0..<n * n).map { Double(p[$0, 1]) }
                }
                firstPoints = data
            }
        }
        return Result(
            configuration: configuration, xs: xs, ys: ys, fields: fields, points: firstPoints!,
            teacherAccuracy: SeedSummary(teacherAccuracy), hardAccuracy: SeedSummary(hardAccuracy),
            distilledAccuracy: SeedSummary(distilledAccuracy))
    }
}
