import NeuralKit

/// Small, real NeuralKit runs on two moons that the gallery draws: a 2-32-32-2 ReLU network
/// trained full-batch with Adam (or AdamW), optionally with dropout or proximal L1.
struct MoonsExperiment {
    /// What regularises a run.
    enum Regularizer: Hashable {
        case none
        case weightDecay(Double)
        case dropout(Double)
        case l1(Double)

        var name: String {
            switch self {
            case .none: return "none"
            case .weightDecay: return "weight decay"
            case .dropout: return "dropout"
            case .l1: return "L1"
            }
        }
    }

    /// Per-epoch measurements of one run.
    struct History {
        var trainingLoss: [Double] = []
        var validationLoss: [Double] = []
        var trainingAccuracy: [Double] = []
        var validationAccuracy: [Double] = []
    }

    let training: Dataset
    let validation: Dataset

    init(trainingCount: Int = 80, noise: Float = 0.3, seed: UInt64 = 7) throws {
        var generator = RandomGenerator(seed: seed)
        var trainingGenerator = generator.derived("training")
        var validationGenerator = generator.derived("validation")
        training = try Dataset.twoMoons(count: trainingCount, noise: noise, using: &trainingGenerator)
        validation = try Dataset.twoMoons(count: 600, noise: noise, using: &validationGenerator)
        _ = generator.next()
    }

    static func makeModel(hidden: Int, regularizer: Regularizer, seed: UInt64) throws -> Sequential<Float> {
        var generator = RandomGenerator(seed: seed).derived("model")
        var layers: [any Layer<Float>] = [Linear<Float>(inputSize: 2, outputSize: hidden, generator: &generator), ReLU<Float>()]
        if case .dropout(let p) = regularizer { layers.append(try Dropout<Float>(probability: p, generator: generator.derived("dropout 1"))) }
        layers += [Linear<Float>(inputSize: hidden, outputSize: hidden, generator: &generator), ReLU<Float>()]
        if case .dropout(let p) = regularizer { layers.append(try Dropout<Float>(probability: p, generator: generator.derived("dropout 2"))) }
        layers.append(Linear<Float>(inputSize: hidden, outputSize: 2, generator: &generator))
        return Sequential(layers)
    }

    /// Trains one network and records its curves.
    func run(regularizer: Regularizer, epochs: Int = 400, hidden: Int = 32, learningRate: Double = 0.01, seed: UInt64 = 1) throws
        -> (model: Sequential<Float>, history: History)
    {
        let model = try Self.makeModel(hidden: hidden, regularizer: regularizer, seed: seed)
        let optimizer: any Optimizer<Float>
        if case .weightDecay(let lambda) = regularizer {
            optimizer = try AdamW(parameters: model.parameters, learningRate: learningRate, weightDecay: lambda)
        } else {
            optimizer = try Adam(parameters: model.parameters, learningRate: learningRate)
        }
        let proximal: ProximalL1? = if case .l1(let strength) = regularizer { try ProximalL1(strength: strength) } else { nil }
        let loss = CrossEntropyLoss()
        var history = History()
        for _ in 0..<epochs {
            model.train()
            optimizer.zeroGradients()
            let logits = model(training.features)
            let result = loss(logits, training.labels)
            _ = model.backward(result.gradient)
            optimizer.step()
            proximal?.apply(to: model.parameters, learningRate: learningRate)
            model.eval()
            let (trainingLoss, trainingAccuracy) = evaluate(model, on: training)
            let (validationLoss, validationAccuracy) = evaluate(model, on: validation)
            history.trainingLoss.append(trainingLoss)
            history.trainingAccuracy.append(trainingAccuracy)
            history.validationLoss.append(validationLoss)
            history.validationAccuracy.append(validationAccuracy)
        }
        model.eval()
        return (model, history)
    }

    func evaluate(_ model: Sequential<Float>, on dataset: Dataset) -> (loss: Double, accuracy: Double) {
        let logits = model(dataset.features)
        let loss = Double(CrossEntropyLoss()(logits, dataset.labels).value)
        let predictions = logits.argmaxPerRow()
        let correct = zip(predictions, dataset.labels).filter { $0 == $1 }.count
        return (loss, Double(correct) / Double(dataset.count))
    }

    /// P(class 1 | x, y) on a `resolution` × `resolution` grid over the given extent.
    static func probabilityField(_ model: Sequential<Float>, x: ClosedRange<Double>, y: ClosedRange<Double>, resolution: Int) -> [Double] {
        var points = [Float]()
        points.reserveCapacity(resolution * resolution * 2)
        for row in 0..<resolution {
            for column in 0..<resolution {
                points.append(Float(x.lowerBound + (x.upperBound - x.lowerBound) * Double(column) / Double(resolution - 1)))
                points.append(Float(y.lowerBound + (y.upperBound - y.lowerBound) * Double(row) / Double(resolution - 1)))
            }
        }
        let probabilities = model(Tensor(rows: resolution * resolution, columns: 2, scalars: points)).softmax()
        return (0..<(resolution * resolution)).map { Double(probabilities[$0, 1]) }
    }
}

extension Dataset {
    /// Coordinates of the points of class `label`.
    func points(ofClass label: Int) -> (x: [Double], y: [Double]) {
        let indices = labels.indices.filter { labels[$0] == label }
        return (indices.map { Double(features[$0, 0]) }, indices.map { Double(features[$0, 1]) })
    }
}
