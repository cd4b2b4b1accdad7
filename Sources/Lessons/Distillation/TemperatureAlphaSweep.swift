import NeuralKit

/// The student's validation accuracy over a grid of temperatures T and weights α (transfer set,
/// single teacher, converged budget), against the hard-label student of the comparison.
public enum TemperatureAlphaSweep {
    public struct Configuration: Sendable {
        public var temperatures: [Double] = [1, 2, 4, 8]
        public var alphas: [Double] = [0.3, 0.7, 1.0]
        public var steps = 1500
        public var seedCount = 3
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                temperatures = [1, 4]
                alphas = [0.7, 1.0]
                steps = 700
                seedCount = 2
            }
        }
        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ 10 &+ $0 } }
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        /// `accuracy[a][t]`: validation accuracy at alphas[a], temperatures[t].
        public let accuracy: [[SeedSummary]]

        public var best: (temperature: Double, alpha: Double, accuracy: SeedSummary) {
            var result = (configuration.temperatures[0], configuration.alphas[0], accuracy[0][0])
            for (a, row) in accuracy.enumerated() {
                for (t, cell) in row.enumerated() where cell.mean > result.2.mean {
                    result = (configuration.temperatures[t], configuration.alphas[a], cell)
                }
            }
            return (result.0, result.1, result.2)
        }
        public var worst: SeedSummary { accuracy.flatMap { $0 }.min { $0.mean < $1.mean }! }
    }

    public static func run(
        _ configuration: Configuration, teachers: DigitsTeachers.Result, narration: ExperimentNarration
    ) throws -> Result {
        let cellCount = configuration.temperatures.count * configuration.alphas.count
        narration.announce("Sweep of T × α: \(cellCount) cells × \(configuration.seedCount) seeds")
        var grid: [[SeedSummary]] = []
        for alpha in configuration.alphas {
            var row: [SeedSummary] = []
            for temperature in configuration.temperatures {
                let (data, targets) = TransferComparison.targets(
                    .transfer, teachers: teachers, temperature: temperature, alpha: alpha)
                let progress = narration.startRun("T = \(temperature), α = \(alpha)", configuration.seedCount)
                var accuracies: [Double] = []
                for (index, seed) in configuration.seeds.enumerated() {
                    let student = try MultilayerPerceptron.make(
                        sizes: teachers.configuration.studentSizes, dropout: 0, seed: seed)
                    try StudentTraining.train(
                        student, on: data, targets: targets, budget: .init(steps: configuration.steps), seed: seed)
                    accuracies.append(student.accuracy(on: teachers.validation))
                    progress(index + 1, .nan)
                }
                row.append(SeedSummary(accuracies))
            }
            grid.append(row)
        }
        return Result(configuration: configuration, accuracy: grid)
    }
}
