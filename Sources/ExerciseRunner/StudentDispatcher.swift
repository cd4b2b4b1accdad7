import ExerciseWire
import NeuralKit
import Student

/// Runs one call of the grader on the student's module and wraps what it returned.
///
/// Layers and early stoppers live here between calls, named by integer handles, so that a check
/// can drive one object through several steps (forward, then backward).
struct StudentDispatcher {
    var dropouts: [Int: InvertedDropout] = [:]
    var batchNorms: [Int: BatchNormalization] = [:]
    var stoppers: [Int: EarlyStopper] = [:]
    var spatialDropouts: [Int: SpatialDropout] = [:]
    var nextHandle = 1

    mutating func reply(to call: WireCall) -> WireReply {
        do {
            return .values(try run(call.function, Arguments(call.arguments)))
        } catch let error as ExerciseError where error == .notAttempted {
            return .notAttempted
        } catch let error as Arguments.Mismatch {
            return .threw("the runner received unexpected arguments for \(call.function.rawValue): \(error.problem)")
        } catch {
            return .threw(String(String(describing: error).prefix(2000)))
        }
    }

    mutating func handle() -> Int {
        defer { nextHandle += 1 }
        return nextHandle
    }

    mutating func run(_ function: WireFunction, _ a: Arguments) throws -> [WireValue] {
        switch function {
        case .dropoutForward:
            return [.tensor(try dropoutForward(a.tensor(0), mask: a.tensor(1), probability: a.double(2)))]
        case .dropoutBackward:
            return [.tensor(try dropoutBackward(a.tensor(0), mask: a.tensor(1), probability: a.double(2)))]
        case .dropoutNew:
            let layer = try InvertedDropout(probability: a.double(0), generator: RandomGenerator(seed: UInt64(bitPattern: Int64(a.int(1)))))
            let id = handle()
            dropouts[id] = layer
            return [.int(id)]
        case .dropoutSetTraining:
            try dropout(a).isTraining = a.bool(1)
            return []
        case .dropoutLayerForward:
            return [.tensor(try dropout(a).forward(a.tensor(1)))]
        case .dropoutLayerBackward:
            return [.tensor(try dropout(a).backward(a.tensor(1)))]

        case .l1Penalty: return [.double(try l1Penalty(a.doubles(0), strength: a.double(1)))]
        case .l1Gradient: return [.doubles(try l1Gradient(a.doubles(0), strength: a.double(1)))]
        case .l2Penalty: return [.double(try l2Penalty(a.doubles(0), strength: a.double(1)))]
        case .l2Gradient: return [.doubles(try l2Gradient(a.doubles(0), strength: a.double(1)))]
        case .elasticNetPenalty:
            return [.double(try elasticNetPenalty(a.doubles(0), l1Strength: a.double(1), l2Strength: a.double(2)))]
        case .elasticNetGradient:
            return [.doubles(try elasticNetGradient(a.doubles(0), l1Strength: a.double(1), l2Strength: a.double(2)))]
        case .sgdStepWithWeightDecay:
            return [.doubles(try sgdStepWithWeightDecay(
                weights: a.doubles(0), gradient: a.doubles(1), learningRate: a.double(2), weightDecay: a.double(3)))]

        case .batchNormNew:
            let layer = try BatchNormalization(featureCount: a.int(0), epsilon: a.double(1), momentum: a.double(2))
            let id = handle()
            batchNorms[id] = layer
            return [.int(id)]
        case .batchNormGet:
            let layer = try batchNorm(a)
            let values: [Double] = switch try a.text(1) {
            case "scale": layer.scale
            case "shift": layer.shift
            case "runningMean": layer.runningMean
            case "runningVariance": layer.runningVariance
            case "scaleGradient": layer.scaleGradient
            case "shiftGradient": layer.shiftGradient
            default: throw Arguments.Mismatch(problem: "no property \(try a.text(1))")
            }
            return [.doubles(values)]
        case .batchNormSet:
            let layer = try batchNorm(a)
            switch try a.text(1) {
            case "scale": layer.scale = try a.doubles(2)
            case "shift": layer.shift = try a.doubles(2)
            default: throw Arguments.Mismatch(problem: "cannot set \(try a.text(1))")
            }
            return []
        case .batchNormForwardTraining: return [.tensor(try batchNorm(a).forwardTraining(a.tensor(1)))]
        case .batchNormBackward: return [.tensor(try batchNorm(a).backward(a.tensor(1)))]
        case .batchNormForwardEvaluation: return [.tensor(try batchNorm(a).forwardEvaluation(a.tensor(1)))]

        case .earlyStopperNew:
            let stopper = try EarlyStopper(patience: a.int(0), minDelta: a.double(1))
            let id = handle()
            stoppers[id] = stopper
            return [.int(id)]
        case .earlyStopperUpdate:
            let id = try a.int(0)
            guard var stopper = stoppers[id] else { throw Arguments.Mismatch(problem: "no early stopper \(id)") }
            let decision = try stopper.update(validationLoss: a.double(1), weights: a.doubles(2))
            stoppers[id] = stopper
            return [.bool(decision == .stop)]
        case .earlyStopperBestWeights:
            let id = try a.int(0)
            guard let stopper = stoppers[id] else { throw Arguments.Mismatch(problem: "no early stopper \(id)") }
            return [.doubles(try stopper.bestWeights())]

        case .distillationLoss:
            return [.double(try distillationLoss(
                studentLogits: a.tensor(0), teacherLogits: a.tensor(1), labels: a.ints(2), temperature: a.double(3), alpha: a.double(4)))]
        case .distillationLossGradient:
            return [.tensor(try distillationLossGradient(
                studentLogits: a.tensor(0), teacherLogits: a.tensor(1), labels: a.ints(2), temperature: a.double(3), alpha: a.double(4)))]

        case .adamWithL2Step, .adamWStep:
            var state = AdamState(step: try a.int(2), firstMoment: try a.doubles(3), secondMoment: try a.doubles(4))
            let step = function == .adamWStep ? runAdamW : runAdamWithL2
            let weights = try step(
                a.doubles(0), a.doubles(1), &state, a.double(5), a.double(6), a.double(7), a.double(8), a.double(9))
            return [.doubles(weights), .int(state.step), .doubles(state.firstMoment), .doubles(state.secondMoment)]
        case .labelSmoothingLoss:
            return [.double(try crossEntropyWithLabelSmoothing(logits: a.tensor(0), labels: a.ints(1), smoothing: a.double(2)))]
        case .labelSmoothingGradient:
            return [.tensor(try crossEntropyWithLabelSmoothingGradient(logits: a.tensor(0), labels: a.ints(1), smoothing: a.double(2)))]

        case .spatialDropoutForward:
            return [.tensor(try spatialDropoutForward(
                a.tensor(0), mask: a.tensor(1), channels: a.int(2), probability: a.double(3)))]
        case .spatialDropoutBackward:
            return [.tensor(try spatialDropoutBackward(
                a.tensor(0), mask: a.tensor(1), channels: a.int(2), probability: a.double(3)))]
        case .spatialDropoutNew:
            let layer = try SpatialDropout(
                probability: a.double(0), channels: a.int(1),
                generator: RandomGenerator(seed: UInt64(bitPattern: Int64(a.int(2)))))
            let id = handle()
            spatialDropouts[id] = layer
            return [.int(id)]
        case .spatialDropoutSetTraining:
            try spatialDropout(a).isTraining = a.bool(1)
            return []
        case .spatialDropoutLayerForward:
            return [.tensor(try spatialDropout(a).forward(a.tensor(1)))]
        case .spatialDropoutLayerBackward:
            return [.tensor(try spatialDropout(a).backward(a.tensor(1)))]
        }
    }

    func spatialDropout(_ a: Arguments) throws -> SpatialDropout {
        guard let layer = spatialDropouts[try a.int(0)] else {
            throw Arguments.Mismatch(problem: "no spatial-dropout layer \(try a.int(0))")
        }
        return layer
    }

    func dropout(_ a: Arguments) throws -> InvertedDropout {
        guard let layer = dropouts[try a.int(0)] else { throw Arguments.Mismatch(problem: "no dropout layer \(try a.int(0))") }
        return layer
    }

    func batchNorm(_ a: Arguments) throws -> BatchNormalization {
        guard let layer = batchNorms[try a.int(0)] else { throw Arguments.Mismatch(problem: "no batch-norm layer \(try a.int(0))") }
        return layer
    }
}

/// The student's step functions, with positional arguments.
private func runAdamW(
    _ w: [Double], _ g: [Double], _ state: inout AdamState, _ lr: Double, _ decay: Double, _ b1: Double, _ b2: Double, _ eps: Double
) throws -> [Double] {
    try Student.adamWStep(weights: w, gradient: g, state: &state, learningRate: lr, weightDecay: decay, beta1: b1, beta2: b2, epsilon: eps)
}

private func runAdamWithL2(
    _ w: [Double], _ g: [Double], _ state: inout AdamState, _ lr: Double, _ decay: Double, _ b1: Double, _ b2: Double, _ eps: Double
) throws -> [Double] {
    try Student.adamWithL2Step(
        weights: w, gradient: g, state: &state, learningRate: lr, weightDecay: decay, beta1: b1, beta2: b2, epsilon: eps)
}

/// Typed access to a call's arguments.
struct Arguments {
    struct Mismatch: Error { var problem: String }

    let values: [WireValue]
    init(_ values: [WireValue]) { self.values = values }

    func value(_ index: Int) throws -> WireValue {
        guard index < values.count else { throw Mismatch(problem: "argument \(index + 1) is missing") }
        return values[index]
    }

    func double(_ index: Int) throws -> Double {
        guard case .double(let x) = try value(index) else { throw Mismatch(problem: "argument \(index + 1) is not a number") }
        return x
    }

    func int(_ index: Int) throws -> Int {
        guard case .int(let n) = try value(index) else { throw Mismatch(problem: "argument \(index + 1) is not an integer") }
        return n
    }

    func bool(_ index: Int) throws -> Bool {
        guard case .bool(let b) = try value(index) else { throw Mismatch(problem: "argument \(index + 1) is not a Boolean") }
        return b
    }

    func text(_ index: Int) throws -> String {
        guard case .text(let s) = try value(index) else { throw Mismatch(problem: "argument \(index + 1) is not a text") }
        return s
    }

    func doubles(_ index: Int) throws -> [Double] {
        guard case .doubles(let xs) = try value(index) else { throw Mismatch(problem: "argument \(index + 1) is not an array") }
        return xs
    }

    func ints(_ index: Int) throws -> [Int] {
        guard case .ints(let ns) = try value(index) else { throw Mismatch(problem: "argument \(index + 1) is not integers") }
        return ns
    }

    func tensor(_ index: Int) throws -> Tensor<Double> {
        guard case .matrix(let rows, let columns, let scalars) = try value(index) else {
            throw Mismatch(problem: "argument \(index + 1) is not a matrix")
        }
        return Tensor(rows: rows, columns: columns, scalars: scalars)
    }
}

extension WireValue {
    static func tensor(_ t: Tensor<Double>) -> WireValue {
        .matrix(rows: t.rows, columns: t.columns, scalars: t.scalars)
    }
}
