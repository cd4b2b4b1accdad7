import ExerciseTypes
import ExerciseWire
import NeuralKit

/// A `Submission` whose functions run in a sandboxed student process: every closure sends its
/// inputs over the pipe and returns what the student's function returned. The checks run here, in
/// the grader, and see only those numbers.
extension Submission {
    public static func remote(_ student: StudentProcess) -> Submission {
        Submission(
            dropoutForward: { x, mask, p in
                try student.call(.dropoutForward, [.tensor(x), .tensor(mask), .double(p)]).tensor(0)
            },
            dropoutBackward: { g, mask, p in
                try student.call(.dropoutBackward, [.tensor(g), .tensor(mask), .double(p)]).tensor(0)
            },
            makeDropout: { p, generator in try RemoteDropout(student, probability: p, generator: generator) },
            l1Penalty: { w, lambda in try student.call(.l1Penalty, [.doubles(w), .double(lambda)]).double(0) },
            l1Gradient: { w, lambda in try student.call(.l1Gradient, [.doubles(w), .double(lambda)]).doubles(0) },
            l2Penalty: { w, lambda in try student.call(.l2Penalty, [.doubles(w), .double(lambda)]).double(0) },
            l2Gradient: { w, lambda in try student.call(.l2Gradient, [.doubles(w), .double(lambda)]).doubles(0) },
            elasticNetPenalty: { w, l1, l2 in
                try student.call(.elasticNetPenalty, [.doubles(w), .double(l1), .double(l2)]).double(0)
            },
            elasticNetGradient: { w, l1, l2 in
                try student.call(.elasticNetGradient, [.doubles(w), .double(l1), .double(l2)]).doubles(0)
            },
            sgdStepWithWeightDecay: { w, g, eta, lambda in
                try student.call(.sgdStepWithWeightDecay, [.doubles(w), .doubles(g), .double(eta), .double(lambda)]).doubles(0)
            },
            makeBatchNormalization: { features, epsilon, momentum in
                try RemoteBatchNormalization(student, featureCount: features, epsilon: epsilon, momentum: momentum)
            },
            makeEarlyStopper: { patience, minDelta in try RemoteEarlyStopper(student, patience: patience, minDelta: minDelta) },
            distillationLoss: { s, t, labels, temperature, alpha in
                try student.call(.distillationLoss, [.tensor(s), .tensor(t), .ints(labels), .double(temperature), .double(alpha)]).double(0)
            },
            distillationLossGradient: { s, t, labels, temperature, alpha in
                try student.call(
                    .distillationLossGradient, [.tensor(s), .tensor(t), .ints(labels), .double(temperature), .double(alpha)]
                ).tensor(0)
            },
            adamWithL2Step: { w, g, state, h in try adamStep(student, .adamWithL2Step, w, g, &state, h) },
            adamWStep: { w, g, state, h in try adamStep(student, .adamWStep, w, g, &state, h) },
            labelSmoothingLoss: { z, labels, epsilon in
                try student.call(.labelSmoothingLoss, [.tensor(z), .ints(labels), .double(epsilon)]).double(0)
            },
            labelSmoothingGradient: { z, labels, epsilon in
                try student.call(.labelSmoothingGradient, [.tensor(z), .ints(labels), .double(epsilon)]).tensor(0)
            },
            spatialDropoutForward: { x, mask, channels, p in
                try student.call(.spatialDropoutForward, [.tensor(x), .tensor(mask), .int(channels), .double(p)]).tensor(0)
            },
            spatialDropoutBackward: { g, mask, channels, p in
                try student.call(.spatialDropoutBackward, [.tensor(g), .tensor(mask), .int(channels), .double(p)]).tensor(0)
            },
            makeSpatialDropout: { p, channels, generator in
                try RemoteSpatialDropout(student, probability: p, channels: channels, generator: generator)
            })
    }

    private static func adamStep(
        _ student: StudentProcess, _ function: WireFunction, _ w: [Double], _ g: [Double], _ state: inout AdamState,
        _ h: AdamHyperparameters
    ) throws -> [Double] {
        let results = try student.call(function, [
            .doubles(w), .doubles(g), .int(state.step), .doubles(state.firstMoment), .doubles(state.secondMoment),
            .double(h.learningRate), .double(h.weightDecay), .double(h.beta1), .double(h.beta2), .double(h.epsilon),
        ])
        state = AdamState(step: try results.int(1), firstMoment: try results.doubles(2), secondMoment: try results.doubles(3))
        return try results.doubles(0)
    }
}

/// The student's `InvertedDropout`, living in the student's process.
final class RemoteDropout: DropoutLayerUnderTest {
    let student: StudentProcess
    let handle: Int
    var isTraining = true
    private var sentTraining: Bool?

    init(_ student: StudentProcess, probability: Double, generator: RandomGenerator) throws {
        // The runner rebuilds the generator from its seed: it must not have drawn anything yet.
        var copy = generator
        var fresh = RandomGenerator(seed: generator.seed)
        precondition(copy.next() == fresh.next(), "RemoteDropout: pass a fresh RandomGenerator(seed:)")
        self.student = student
        handle = try student.call(.dropoutNew, [.double(probability), .int(Int(bitPattern: UInt(generator.seed)))]).int(0)
    }

    private func sendMode() throws {
        guard sentTraining != isTraining else { return }
        _ = try student.call(.dropoutSetTraining, [.int(handle), .bool(isTraining)])
        sentTraining = isTraining
    }

    func forward(_ x: Tensor<Double>) throws -> Tensor<Double> {
        try sendMode()
        return try student.call(.dropoutLayerForward, [.int(handle), .tensor(x)]).tensor(0)
    }

    func backward(_ outputGradient: Tensor<Double>) throws -> Tensor<Double> {
        try sendMode()
        return try student.call(.dropoutLayerBackward, [.int(handle), .tensor(outputGradient)]).tensor(0)
    }
}

/// The student's `BatchNormalization`, living in the student's process. Properties that cannot be
/// read (the process died) read as empty; the failure is reported by the check runner.
final class RemoteBatchNormalization: BatchNormalizationUnderTest {
    let student: StudentProcess
    let handle: Int

    init(_ student: StudentProcess, featureCount: Int, epsilon: Double, momentum: Double) throws {
        self.student = student
        handle = try student.call(.batchNormNew, [.int(featureCount), .double(epsilon), .double(momentum)]).int(0)
    }

    private func read(_ name: String) -> [Double] {
        (try? student.call(.batchNormGet, [.int(handle), .text(name)]).doubles(0)) ?? []
    }

    private func write(_ name: String, _ values: [Double]) {
        _ = try? student.call(.batchNormSet, [.int(handle), .text(name), .doubles(values)])
    }

    var scale: [Double] {
        get { read("scale") }
        set { write("scale", newValue) }
    }
    var shift: [Double] {
        get { read("shift") }
        set { write("shift", newValue) }
    }
    var runningMean: [Double] { read("runningMean") }
    var runningVariance: [Double] { read("runningVariance") }
    var scaleGradient: [Double] { read("scaleGradient") }
    var shiftGradient: [Double] { read("shiftGradient") }

    func forwardTraining(_ x: Tensor<Double>) throws -> Tensor<Double> {
        try student.call(.batchNormForwardTraining, [.int(handle), .tensor(x)]).tensor(0)
    }

    func backward(_ outputGradient: Tensor<Double>) throws -> Tensor<Double> {
        try student.call(.batchNormBackward, [.int(handle), .tensor(outputGradient)]).tensor(0)
    }

    func forwardEvaluation(_ x: Tensor<Double>) throws -> Tensor<Double> {
        try student.call(.batchNormForwardEvaluation, [.int(handle), .tensor(x)]).tensor(0)
    }
}

/// The student's `EarlyStopper`, living in the student's process.
struct RemoteEarlyStopper: EarlyStopperUnderTest {
    let student: StudentProcess
    let handle: Int

    init(_ student: StudentProcess, patience: Int, minDelta: Double) throws {
        self.student = student
        handle = try student.call(.earlyStopperNew, [.int(patience), .double(minDelta)]).int(0)
    }

    mutating func update(validationLoss: Double, weights: [Double]) throws -> EarlyStoppingDecision {
        try student.call(.earlyStopperUpdate, [.int(handle), .double(validationLoss), .doubles(weights)]).bool(0)
            ? .stop : .continueTraining
    }

    func bestWeights() throws -> [Double] {
        try student.call(.earlyStopperBestWeights, [.int(handle)]).doubles(0)
    }
}

extension WireValue {
    static func tensor(_ t: Tensor<Double>) -> WireValue {
        .matrix(rows: t.rows, columns: t.columns, scalars: t.scalars)
    }
}

/// Typed reading of a reply; a value of the wrong kind means the runner misbehaved.
extension Array where Element == WireValue {
    func value(_ index: Int) throws -> WireValue {
        guard index < count else { throw StudentThrew(message: "the runner returned \(count) values, expected at least \(index + 1)") }
        return self[index]
    }

    func double(_ index: Int) throws -> Double {
        guard case .double(let x) = try value(index) else { throw mismatch(index, "a number") }
        return x
    }

    func int(_ index: Int) throws -> Int {
        guard case .int(let n) = try value(index) else { throw mismatch(index, "an integer") }
        return n
    }

    func bool(_ index: Int) throws -> Bool {
        guard case .bool(let b) = try value(index) else { throw mismatch(index, "a Boolean") }
        return b
    }

    func doubles(_ index: Int) throws -> [Double] {
        guard case .doubles(let xs) = try value(index) else { throw mismatch(index, "an array of numbers") }
        return xs
    }

    func tensor(_ index: Int) throws -> Tensor<Double> {
        guard case .matrix(let rows, let columns, let scalars) = try value(index) else { throw mismatch(index, "a matrix") }
        return Tensor(rows: rows, columns: columns, scalars: scalars)
    }

    private func mismatch(_ index: Int, _ expected: String) -> StudentThrew {
        StudentThrew(message: "the runner returned \(self[index].kind) where \(expected) was expected")
    }
}
