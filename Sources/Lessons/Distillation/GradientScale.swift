import NeuralKit

/// Why the soft loss is multiplied by T²: the norm of ∂soft/∂s for an untrained student against
/// the teacher, as T grows, with the T² factor (as in `DistillationLoss`) and without it.
///
/// ```
/// ∂(T²·KL)/∂s = T·(q − p)/N,   and for large T   q − p ≈ (s − t)/(C·T)   (zero-mean logits)
/// ```
///
/// so with T² the norm levels off, without it it falls like 1/T².
public enum GradientScale {
    public static let temperatures: [Double] = [1, 2, 4, 8, 16, 32]

    public struct Result: Sendable {
        public let temperatures: [Double]
        /// Per seed, per T: ‖∂/∂s‖ with and without the T² factor.
        public let withFactor: [[Double]]
        public let withoutFactor: [[Double]]

        public func ratio(_ norms: [[Double]]) -> SeedSummary {
            SeedSummary(norms.map { $0.last! / $0[temperatures.firstIndex(of: 4)!] })
        }
    }

    public static func run(teachers: DigitsTeachers.Result, seeds: [UInt64]) throws -> Result {
        var withFactor: [[Double]] = []
        var withoutFactor: [[Double]] = []
        let teacherLogits = teachers.teacherPoolLogits
        for seed in seeds {
            let student = try MultilayerPerceptron.make(
                sizes: teachers.configuration.studentSizes, dropout: 0, seed: seed)
            let studentLogits = student.predict(teachers.pool.features)
            var norms: [Double] = []
            for T in temperatures {
                let loss = try DistillationLoss(temperature: T, alpha: 1)
                let gradient = loss.softLoss(student: studentLogits, teacher: teacherLogits).gradient
                norms.append(gradient.scalars.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
            }
            withFactor.append(norms)
            withoutFactor.append(zip(norms, temperatures).map { $0 / ($1 * $1) })
        }
        return Result(temperatures: temperatures, withFactor: withFactor, withoutFactor: withoutFactor)
    }
}
