import NeuralKit
import Notebook
import NotebookDocument

/// The student's validation accuracy over a grid of temperatures T and weights α, distilled on
/// the transfer set from the teacher that saw only the student's labels (so no cell gains from
/// labels the student lacked). Every cell trains for the comparison's long budget from the
/// comparison's student weights, so each cell is paired, run by run, with the labels-only student.
public enum TemperatureAlphaSweep {
    public struct Settings: ExperimentSettings {
        public var temperatures: [Double] = [1, 2, 4, 8]
        public var alphas: [Double] = [0.3, 0.7, 1.0]

        public init(quick: Bool) {
            if quick {
                temperatures = [1, 4]
                alphas = [0.7, 1.0]
            }
        }

        static let owner = "sweep"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .numbers(
                "temperatures", \.temperatures, from: 0.05, to: 1_000, count: 1...10, "temperatures T of the grid, increasing",
                owner: owner),
            .numbers(
                "alphas", \.alphas, from: 0, lowerIncluded: false, to: 1, upperIncluded: true, count: 1...10,
                "weights α of the soft term", owner: owner),
        ]
    }

    public struct Result: Sendable {
        public let configuration: Settings
        public let steps: Int
        /// `accuracy[a][t]`: validation accuracy at alphas[a], temperatures[t], one value per run.
        public let accuracy: [[SeedSummary]]

        public var cells: [SeedSummary] { accuracy.flatMap { $0 } }
        /// The cell with the highest mean (chosen on the validation set, so optimistic).
        public var best: (temperature: Double, alpha: Double, accuracy: SeedSummary) {
            var result = (configuration.temperatures[0], configuration.alphas[0], accuracy[0][0])
            for (a, row) in accuracy.enumerated() {
                for (t, cell) in row.enumerated() where cell.mean > result.2.mean {
                    result = (configuration.temperatures[t], configuration.alphas[a], cell)
                }
            }
            return (result.0, result.1, result.2)
        }
        public var worst: SeedSummary { cells.min { $0.mean < $1.mean }! }
        /// Per run: the worst cell's accuracy.
        public var worstPerRun: SeedSummary {
            SeedSummary((0..<cells[0].count).map { run in cells.map { $0.values[run] }.min()! })
        }
        /// Per run: the spread between the best and the worst cell.
        public var spreadPerRun: SeedSummary {
            SeedSummary((0..<cells[0].count).map { run in
                let values = cells.map { $0.values[run] }
                return values.max()! - values.min()!
            })
        }
        /// Per run: the mean over cells.
        public var meanPerRun: SeedSummary {
            SeedSummary((0..<cells[0].count).map { run in
                cells.map { $0.values[run] }.reduce(0, +) / Double(cells.count)
            })
        }
    }

    public static func run(
        _ settings: Settings, teachers: DigitsTeachers.Result, comparison: TransferComparison.Result, jobs: Int,
        narration: ExperimentNarration
    ) throws -> Result {
        let seeds = comparison.seeds
        let steps = comparison.configuration.longSteps
        let (alphas, temperatures) = (settings.alphas, settings.temperatures)
        narration.announce("Sweep of T × α: \(alphas.count * temperatures.count) cells × \(seeds.count) runs")
        let setup = teachers.configuration
        // index = (a · temperatures + t) · runs + run
        let count = alphas.count * temperatures.count * seeds.count
        let accuracies = try ParallelRuns.map(count, jobs: jobs) { index -> Double in
            let run = index % seeds.count
            let t = (index / seeds.count) % temperatures.count
            let a = index / (seeds.count * temperatures.count)
            let (data, targets) = TransferComparison.targets(
                .sameLabelTransfer, run: teachers.runs[run], temperature: temperatures[t], alpha: alphas[a])
            let student = try MultilayerPerceptron.make(sizes: setup.studentSizes, dropout: 0, seed: seeds[run])
            let budget = setup.studentBudget(steps: steps)
            try StudentTraining.train(
                student, on: data, targets: targets, budget: budget, seed: seeds[run],
                progress: narration.trainerProgress(
                    "T = \(formatNumber(temperatures[t])), α = \(formatNumber(alphas[a])), run \(run + 1)",
                    epochs: budget.epochs(count: data.count)))
            return student.accuracy(on: teachers.runs[run].validation)
        }
        let grid = alphas.indices.map { a in
            temperatures.indices.map { t in
                let start = (a * temperatures.count + t) * seeds.count
                return SeedSummary(Array(accuracies[start..<(start + seeds.count)]))
            }
        }
        return Result(configuration: settings, steps: steps, accuracy: grid)
    }
}
