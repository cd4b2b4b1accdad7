import ExerciseWire
import NeuralKit

/// The student's `SpatialDropout` (exercise 7), living in the student's process.
final class RemoteSpatialDropout: DropoutLayerUnderTest {
    let student: StudentProcess
    let handle: Int
    var isTraining = true
    private var sentTraining: Bool?

    init(_ student: StudentProcess, probability: Double, channels: Int, generator: RandomGenerator) throws {
        // The runner rebuilds the generator from its seed: it must not have drawn anything yet.
        var copy = generator
        var fresh = RandomGenerator(seed: generator.seed)
        precondition(copy.next() == fresh.next(), "RemoteSpatialDropout: pass a fresh RandomGenerator(seed:)")
        self.student = student
        handle = try student.call(
            .spatialDropoutNew, [.double(probability), .int(channels), .int(Int(bitPattern: UInt(generator.seed)))]
        ).int(0)
    }

    private func sendMode() throws {
        guard sentTraining != isTraining else { return }
        _ = try student.call(.spatialDropoutSetTraining, [.int(handle), .bool(isTraining)])
        sentTraining = isTraining
    }

    func forward(_ x: Tensor<Double>) throws -> Tensor<Double> {
        try sendMode()
        return try student.call(.spatialDropoutLayerForward, [.int(handle), .tensor(x)]).tensor(0)
    }

    func backward(_ outputGradient: Tensor<Double>) throws -> Tensor<Double> {
        try sendMode()
        return try student.call(.spatialDropoutLayerBackward, [.int(handle), .tensor(outputGradient)]).tensor(0)
    }
}
