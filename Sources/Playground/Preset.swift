/// A lesson's key experiment as a playground configuration, for the page's preset menu and for
/// the `playground` links in the lessons. The settings follow the lesson's own (network sizes,
/// optimiser, learning rate, label noise); where a lesson averages several seeds, the preset is
/// one seed of it: the playground trains one run at a time.
public struct Preset: Sendable, Equatable {
    public var name: String
    /// The lesson's command name ("dropout" for `lesson-dropout`).
    public var lesson: String
    public var description: String
    public var configuration: RunConfiguration
    /// The lesson's figures whose experiment this preset reruns with the same data, network and
    /// training settings (one seed of it): their captions link here (`links(forLesson:)`).
    public var figures: [String] = []

    /// Where `swift run playground` listens unless told otherwise (or that port is taken).
    public static let defaultPort = 8765

    /// The link that opens the playground with this preset and starts it.
    public var url: String { "http://127.0.0.1:\(Self.defaultPort)/?" + configuration.queryString }

    /// The playground links of `lesson`'s figures, by figure name.
    public static func links(forLesson lesson: String) -> [String: String] {
        var links: [String: String] = [:]
        for preset in all where preset.lesson == lesson {
            for figure in preset.figures { links[figure] = preset.url }
        }
        return links
    }

    public static let all: [Preset] = [
        Preset(
            name: "Overfitting: a wide network on 60 noisy moons", lesson: "overfitting",
            description: "Few examples and a large network: training accuracy climbs to 100 % while validation stalls.",
            configuration: make { $0.trainCount = 60; $0.dataNoise = 0.3; $0.width = 128; $0.depth = 3; $0.epochs = 300 }),
        Preset(
            name: "Dropout on noisily labelled digits", lesson: "dropout",
            description: "The dropout lesson's rate ablation: 300 digits with 20 % of the labels flipped, 64-128-128-10, Adam 1e-3, p = 0.5.",
            configuration: make {
                $0.dataset = .digits; $0.trainCount = 300; $0.labelNoise = 0.2; $0.width = 128; $0.depth = 2
                $0.dropout = 0.5; $0.learningRate = 1e-3; $0.epochs = 60
            }, figures: ["ablation-curves"]),
        Preset(
            name: "Dropout on two moons", lesson: "dropout",
            description: "Two moons, 2-64-64-2 with dropout 0.3: a smoother boundary than without.",
            configuration: make { $0.dropout = 0.3; $0.epochs = 150 }),
        Preset(
            name: "L2 weight decay smooths the boundary", lesson: "l1-l2",
            description: "Two moons with few points and an L2 penalty λ = 1e-3; set l2 = 0 and pin to compare.",
            configuration: make { $0.trainCount = 80; $0.dataNoise = 0.3; $0.width = 128; $0.l2 = 1e-3; $0.epochs = 300 }),
        Preset(
            name: "L1 makes weights exactly sparse", lesson: "l1-l2",
            description: "An L1 penalty pushes many weights to zero: watch the weight histogram's centre bin grow.",
            configuration: make { $0.l1 = 1e-3; $0.epochs = 200 }),
        Preset(
            name: "AdamW's decoupled decay", lesson: "l1-l2",
            description: "AdamW with weight decay 0.1 on spirals; compare with Adam plus an L2 penalty.",
            configuration: make { $0.dataset = .spirals; $0.trainCount = 300; $0.dataNoise = 0.05; $0.optimizer = .adamW; $0.l2 = 0.1; $0.epochs = 300 }),
        Preset(
            name: "BatchNorm allows a high learning rate", lesson: "batchnorm",
            description: "A 4-deep network with BatchNorm and SGD at learning rate 0.5; switch BatchNorm off to see it struggle.",
            configuration: make {
                $0.dataset = .spirals; $0.trainCount = 300; $0.dataNoise = 0.05; $0.depth = 4; $0.normalization = .batchNorm
                $0.optimizer = .sgd; $0.learningRate = 0.5; $0.epochs = 150
            }),
        Preset(
            name: "Early stopping on label noise", lesson: "early-stopping",
            description: "The early-stopping lesson's run: 300 digits, 30 % label noise, 64-128-128-10, patience 10; the best epoch's weights come back.",
            configuration: make {
                $0.dataset = .digits; $0.trainCount = 300; $0.labelNoise = 0.3; $0.width = 128; $0.depth = 2
                $0.learningRate = 1e-3; $0.patience = 10; $0.epochs = 200
            }, figures: ["curves"]),
        Preset(
            name: "Mixup on two moons", lesson: "toolbox",
            description: "The toolbox lesson's mixup run: 100 noisy moons, 2-128-128-2, Adam 3e-3, batch 20, mixup α = 1; "
                + "set mixup = 0 and pin to compare the boundaries.",
            configuration: make {
                $0.trainCount = 100; $0.dataNoise = 0.3; $0.width = 128; $0.depth = 2; $0.learningRate = 3e-3
                $0.batchSize = 20; $0.mixup = 1; $0.epochs = 150
            }, figures: ["mixup-moons"]),
        Preset(
            name: "Input noise on the sine", lesson: "toolbox",
            description: "Gaussian input noise σ = 0.2 keeps a wide network from chasing every noisy point of a sine.",
            configuration: make {
                $0.dataset = .noisySine; $0.trainCount = 40; $0.dataNoise = 0.3; $0.width = 128; $0.depth = 3
                $0.inputNoise = 0.2; $0.epochs = 400
            }),
        Preset(
            name: "Gradient clipping on an unstable run", lesson: "toolbox",
            description: "SGD with momentum at learning rate 20. Without clipping (clip = 0) most seeds end in NaN within two "
                + "epochs; with clip = 1 every step is bounded and the loss stays finite, but the network learns little: "
                + "clipping bounds a step, it does not repair the learning rate.",
            configuration: make { $0.optimizer = .momentum; $0.learningRate = 20; $0.clipNorm = 1; $0.epochs = 40 }),
        Preset(
            name: "Max-norm with dropout", lesson: "toolbox",
            description: "Dropout 0.5 with a max-norm constraint c = 3 on every unit's weights, as in the dropout paper.",
            configuration: make { $0.trainCount = 100; $0.dataNoise = 0.3; $0.width = 128; $0.dropout = 0.5; $0.maxNorm = 3; $0.epochs = 200 }),
    ]

    private static func make(_ change: (inout RunConfiguration) -> Void) -> RunConfiguration {
        var configuration = RunConfiguration()
        change(&configuration)
        return configuration
    }
}
