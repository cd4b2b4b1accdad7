import NeuralKit
import Notebook
import NotebookDocument

/// What temperature does to the teacher's distribution: `softmax(z/T)` for one validation digit at
/// the bar temperatures (which wrong classes the teacher finds plausible), and the mean entropy
/// over the validation set as T grows, for the single teacher and the ensemble. The example and
/// the curves come from the first run; the per-run numbers (wrong-class mass, entropy at the
/// lowest and highest bar temperature) from every run.
public enum TemperatureView {
    public struct Settings: ExperimentSettings {
        /// The temperatures of the bar chart; the first is 1 (the ordinary softmax).
        public var barTemperatures: [Double] = [1, 2, 4, 8]
        public var curveTemperatures: [Double] = [0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24]

        public init(quick: Bool) {}

        static let owner = "temperature-view"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .numbers(
                "bar-temperatures", \.barTemperatures, from: 1, to: 1_000, count: 2...6,
                "temperatures of the one-digit bar chart, increasing, the first 1", owner: owner),
            .numbers(
                "curve-temperatures", \.curveTemperatures, from: 0.05, to: 1_000, count: 2...30,
                "temperatures of the entropy curve, increasing", owner: owner),
        ]

        func validate() throws {
            guard barTemperatures.first == 1, zip(barTemperatures, barTemperatures.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw SettingError(
                    "temperature-view: bar-temperatures \(barTemperatures.map(formatNumber).joined(separator: ",")) must start at 1 and increase, e.g. 1,2,4,8")
            }
            guard zip(curveTemperatures, curveTemperatures.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw SettingError("temperature-view: curve-temperatures must increase, e.g. 0.5,1,2,4,8")
            }
        }
    }

    public struct Result: Sendable {
        public let configuration: Settings
        /// The validation row shown (first run), its label and the teacher's distribution per bar
        /// temperature.
        public let exampleIndex: Int
        public let exampleLabel: Int
        public let distributions: [[Double]]
        /// The largest wrong class at T = 1 and its probability at each bar temperature.
        public let runnerUp: Int
        public let runnerUpProbabilities: [Double]
        /// Mean entropy (nats) per curve temperature, first run.
        public let teacherEntropy: [Double]
        public let ensembleEntropy: [Double]
        /// Per run: mean probability of the wrong classes together, single teacher, T = 1.
        public let wrongMassAtOne: SeedSummary
        /// Per run: mean entropy of the single teacher at the lowest and highest bar temperature,
        /// and of the ensemble at T = 1.
        public let entropyAtOne: SeedSummary
        public let entropyAtHighest: SeedSummary
        public let ensembleEntropyAtOne: SeedSummary
        public var highestBarTemperature: Double { configuration.barTemperatures.last! }
    }

    public static func run(_ settings: Settings, teachers: DigitsTeachers.Result) throws -> Result {
        try settings.validate()
        let first = teachers.runs[0]
        let logits = first.teacherValidationLogits
        let labels = first.validation.labels
        // The example: among correctly classified digits, the one whose wrong classes get the most
        // probability at T = 1 (a typical digit is near one-hot and shows little).
        let probabilities = logits.softmax()
        var best = 0
        var bestWrongMass = -1.0
        for i in 0..<logits.rows {
            let wrong = 1 - Double(probabilities[i, labels[i]])
            let correct = (0..<probabilities.columns).max { probabilities[i, $0] < probabilities[i, $1] } == labels[i]
            if correct && wrong > bestWrongMass {
                bestWrongMass = wrong
                best = i
            }
        }
        let row = logits.row(best)
        let distributions = settings.barTemperatures.map { T in
            row.softmax(temperature: Float(T)).scalars.map(Double.init)
        }
        let classes = distributions[0].indices
        let runnerUp = classes.filter { $0 != labels[best] }.max { distributions[0][$0] < distributions[0][$1] }!
        func entropy(_ logits: Tensor<Float>, _ T: Double) -> Double {
            DistillationMeasures.meanEntropy(logits.softmax(temperature: Float(T)))
        }
        let highest = settings.barTemperatures.last!
        return Result(
            configuration: settings, exampleIndex: best, exampleLabel: labels[best], distributions: distributions,
            runnerUp: runnerUp, runnerUpProbabilities: distributions.map { $0[runnerUp] },
            teacherEntropy: settings.curveTemperatures.map { entropy(logits, $0) },
            ensembleEntropy: settings.curveTemperatures.map { entropy(first.ensembleValidationLogits, $0) },
            wrongMassAtOne: SeedSummary(teachers.runs.map { run in
                let p = run.teacherValidationLogits.softmax()
                let labels = run.validation.labels
                return labels.indices.reduce(0.0) { $0 + 1 - Double(p[$1, labels[$1]]) } / Double(labels.count)
            }),
            entropyAtOne: SeedSummary(teachers.runs.map { entropy($0.teacherValidationLogits, 1) }),
            entropyAtHighest: SeedSummary(teachers.runs.map { entropy($0.teacherValidationLogits, highest) }),
            ensembleEntropyAtOne: SeedSummary(teachers.runs.map { entropy($0.ensembleValidationLogits, 1) }))
    }
}
