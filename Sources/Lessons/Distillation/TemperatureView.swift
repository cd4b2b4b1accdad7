import NeuralKit

/// What temperature does to the teacher's distribution: `softmax(z/T)` for one validation digit at
/// T = 1, 2, 4, 8 (which wrong classes the teacher finds plausible), and the mean entropy over the
/// validation set as T grows, for the single teacher and the ensemble.
public enum TemperatureView {
    public static let barTemperatures: [Double] = [1, 2, 4, 8]
    public static let curveTemperatures: [Double] = [0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24]

    public struct Result: Sendable {
        /// The validation row shown, its label and the teacher's distribution per bar temperature.
        public let exampleIndex: Int
        public let exampleLabel: Int
        public let exampleImage: [Double]
        public let distributions: [[Double]]
        /// The largest wrong class at T = 1 and its probability at T = 1 and T = 8.
        public let runnerUp: Int
        public let runnerUpProbabilities: [Double]
        /// Mean entropy (nats) per curve temperature.
        public let teacherEntropy: [Double]
        public let ensembleEntropy: [Double]
        /// Mean probability of the wrong classes together, single teacher, T = 1.
        public let wrongMassAtOne: Double
    }

    public static func run(_ teachers: DigitsTeachers.Result) -> Result {
        let logits = teachers.teacherValidationLogits
        let labels = teachers.validation.labels
        // The example: among correctly classified digits, the one whose wrong classes get the most
        // probability at T = 1 (a typical digit is near one-hot and shows little).
        let probabilities = logits.softmax()
        var best = 0
        var bestWrongMass = -1.0
        var wrongMassSum = 0.0
        for i in 0..<logits.rows {
            let wrong = 1 - Double(probabilities[i, labels[i]])
            wrongMassSum += wrong
            let correct = (0..<10).max { probabilities[i, $0] < probabilities[i, $1] } == labels[i]
            if correct && wrong > bestWrongMass {
                bestWrongMass = wrong
                best = i
            }
        }
        let row = logits.row(best)
        let distributions = barTemperatures.map { T in
            row.softmax(temperature: Float(T)).scalars.map(Double.init)
        }
        let runnerUp = (0..<10).filter { $0 != labels[best] }.max { distributions[0][$0] < distributions[0][$1] }!
        return Result(
            exampleIndex: best, exampleLabel: labels[best],
            exampleImage: (0..<64).map { Double(teachers.validation.features[best, $0]) },
            distributions: distributions, runnerUp: runnerUp,
            runnerUpProbabilities: distributions.map { $0[runnerUp] },
            teacherEntropy: curveTemperatures.map {
                DistillationMeasures.meanEntropy(logits.softmax(temperature: Float($0)))
            },
            ensembleEntropy: curveTemperatures.map {
                DistillationMeasures.meanEntropy(teachers.ensembleValidationLogits.softmax(temperature: Float($0)))
            },
            wrongMassAtOne: wrongMassSum / Double(logits.rows))
    }
}
