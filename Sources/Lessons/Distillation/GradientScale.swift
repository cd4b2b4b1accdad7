import NeuralKit
import Notebook
import NotebookDocument

/// Why the soft loss is multiplied by T²: the norm of ∂soft/∂s for an untrained student against
/// each run's single teacher, as T grows, with the T² factor (as in `DistillationLoss`) and
/// without it.
///
/// ```
/// ∂(T²·KL)/∂s = T·(q − p)/N,   and for large T   q − p ≈ (s − t)/(C·T)   (zero-mean logits)
/// ```
///
/// so with T² the norm levels off, without it it falls like 1/T².
public enum GradientScale {
    public struct Settings: ExperimentSettings {
        public var temperatures: [Double] = [1, 2, 4, 8, 16, 32]
        /// The ratios in the text compare the largest temperature with this one.
        public var referenceTemperature = 4.0

        public init(quick: Bool) {}

        static let owner = "gradient-scale"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .numbers(
                "temperatures", \.temperatures, from: 0.05, to: 10_000, count: 2...20,
                "temperatures T at which the gradient norm is measured, increasing", owner: owner),
            .number(
                "reference-temperature", \.referenceTemperature, from: 0.05, to: 10_000,
                "the T the largest one is compared with (must be listed)", owner: owner),
        ]

        func validate() throws {
            guard zip(temperatures, temperatures.dropFirst()).allSatisfy({ $0 < $1 }),
                let last = temperatures.last, temperatures.contains(referenceTemperature), referenceTemperature < last
            else {
                throw SettingError(
                    "gradient-scale: temperatures must increase and list reference-temperature \(formatNumber(referenceTemperature)) below the largest, e.g. 1,2,4,8,16,32")
            }
        }
    }

    public struct Result: Sendable {
        public let configuration: Settings
        public let seeds: [UInt64]
        /// Per run, per T: ‖∂/∂s‖ with and without the T² factor.
        public let withFactor: [[Double]]
        public let withoutFactor: [[Double]]
        public var temperatures: [Double] { configuration.temperatures }

        /// Per run: the norm at the largest T over the norm at the reference T.
        public func ratio(_ norms: [[Double]]) -> SeedSummary {
            let reference = temperatures.firstIndex(of: configuration.referenceTemperature)!
            return SeedSummary(norms.map { $0.last! / $0[reference] })
        }
    }

    public static func run(_ settings: Settings, teachers: DigitsTeachers.Result, seeds: [UInt64]) throws -> Result {
        try settings.validate()
        var withFactor: [[Double]] = []
        var withoutFactor: [[Double]] = []
        for (run, seed) in zip(teachers.runs, seeds) {
            let student = try MultilayerPerceptron.make(
                sizes: teachers.configuration.studentSizes, dropout: 0, seed: seed)
            let studentLogits = student.predict(run.pool.features)
            var norms: [Double] = []
            for T in settings.temperatures {
                let loss = try DistillationLoss(temperature: T, alpha: 1)
                let gradient = loss.softLoss(student: studentLogits, teacher: run.teacherPoolLogits).gradient
                norms.append(gradient.scalars.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
            }
            withFactor.append(norms)
            withoutFactor.append(zip(norms, settings.temperatures).map { $0 / ($1 * $1) })
        }
        return Result(configuration: settings, seeds: seeds, withFactor: withFactor, withoutFactor: withoutFactor)
    }
}
