import Foundation
import NeuralKit
import Testing

@Suite struct DistillationLossTests {
    /// KL(softmax(t/T) ‖ softmax(s/T)) summed over classes and averaged over the batch, written
    /// out with Foundation's exp and log.
    func referenceKL(student: Tensor<Double>, teacher: Tensor<Double>, temperature T: Double) -> Double {
        var total = 0.0
        for i in 0..<student.rows {
            let s = (0..<student.columns).map { student[i, $0] / T }
            let t = (0..<student.columns).map { teacher[i, $0] / T }
            let sTotal = s.map { Foundation.exp($0) }.reduce(0, +)
            let tTotal = t.map { Foundation.exp($0) }.reduce(0, +)
            for c in 0..<s.count {
                let p = Foundation.exp(t[c]) / tTotal
                let q = Foundation.exp(s[c]) / sTotal
                total += p * Foundation.log(p / q)
            }
        }
        return total / Double(student.rows)
    }

    @Test("at T = 1 and α = 1 the loss is the KL divergence")
    func equalsKL() throws {
        let student = FiniteDifferences.randomTensor(rows: 3, columns: 4, seed: 9)
        let teacher = FiniteDifferences.randomTensor(rows: 3, columns: 4, seed: 10, scale: 2)
        let loss = try DistillationLoss(temperature: 1, alpha: 1)
        let value = loss(student: student, teacher: teacher, labels: [0, 1, 2]).value
        #expect(abs(value - referenceKL(student: student, teacher: teacher, temperature: 1)) < 1e-14)
    }

    @Test("the value is α·T²·KL + (1 − α)·CE")
    func combination() throws {
        let student = FiniteDifferences.randomTensor(rows: 3, columns: 4, seed: 11)
        let teacher = FiniteDifferences.randomTensor(rows: 3, columns: 4, seed: 12)
        let labels = [3, 0, 1]
        let loss = try DistillationLoss(temperature: 4, alpha: 0.7)
        let expected = 0.7 * 16 * referenceKL(student: student, teacher: teacher, temperature: 4)
            + 0.3 * CrossEntropyLoss()(student, labels).value
        #expect(abs(loss(student: student, teacher: teacher, labels: labels).value - expected) < 1e-13)
        #expect(abs(loss.softLoss(student: student, teacher: teacher).value
            - 16 * referenceKL(student: student, teacher: teacher, temperature: 4)) < 1e-13)
        #expect(loss.hardLoss(student: student, labels: labels).value == CrossEntropyLoss()(student, labels).value)
    }

    @Test("the student gradient matches finite differences", arguments: [(1.0, 1.0), (2.0, 0.5), (5.0, 0.9), (3.0, 0.0)])
    func gradientCheck(temperature: Double, alpha: Double) throws {
        let student = FiniteDifferences.randomTensor(rows: 4, columns: 5, seed: 13)
        let teacher = FiniteDifferences.randomTensor(rows: 4, columns: 5, seed: 14, scale: 3)
        let labels = [4, 0, 2, 2]
        let loss = try DistillationLoss(temperature: temperature, alpha: alpha)
        let numerical = numericalGradient(
            of: { loss(student: $0, teacher: teacher, labels: labels).value }, at: student)
        let analytic = loss(student: student, teacher: teacher, labels: labels).gradient
        let error = relativeError(analytic, numerical)
        #expect(error <= 1e-7, "relative error \(error)")
    }

    @Test("identical student and teacher give zero soft loss and zero soft gradient")
    func identical() throws {
        let logits = FiniteDifferences.randomTensor(rows: 2, columns: 3, seed: 15)
        let soft = try DistillationLoss(temperature: 3, alpha: 1).softLoss(student: logits, teacher: logits)
        #expect(abs(soft.value) < 1e-15)
        #expect(soft.gradient.scalars.allSatisfy { abs($0) < 1e-16 })
    }

    @Test("temperature ≤ 0 and α outside [0, 1] are rejected, naming the parameter")
    func badHyperparameters() {
        #expect { _ = try DistillationLoss(temperature: 0, alpha: 0.5) } throws: { "\($0)".contains("temperature") }
        #expect { _ = try DistillationLoss(temperature: -2, alpha: 0.5) } throws: { "\($0)".contains("temperature") }
        #expect { _ = try DistillationLoss(temperature: 2, alpha: 1.1) } throws: { "\($0)".contains("alpha") }
        #expect { _ = try DistillationLoss(temperature: 2, alpha: -0.1) } throws: { "\($0)".contains("alpha") }
    }
}
