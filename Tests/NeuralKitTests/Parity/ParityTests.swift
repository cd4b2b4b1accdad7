import Foundation
import Testing
@testable import NeuralKit

/// Compares NeuralKit, in Float, with PyTorch's float32 results stored as fixtures by
/// `tools/make_fixtures.py` (tolerance: see `ParityTolerance`).
///
/// The test takes every JSON file in the Fixtures folder as an argument and dispatches on the
/// file's `kind`, so a fixture made with a new seed is checked with no code change, and a file of
/// a kind no check knows fails instead of being skipped.
@Suite("PyTorch parity")
struct ParityTests {
    /// The kinds the issue asks to compare, each needing fixtures from at least two seeds
    /// (`digits` is not seeded: it is scikit-learn's data set itself).
    static let requiredKinds: Set<String> = [
        "linear", "batchnorm1d", "layernorm", "cross_entropy", "distillation", "sgd", "adam", "adamw",
        "penalty", "gradient_clipping", "checkpoint",
        "conv2d", "pooling", "dropout2d", "batchnorm2d", "checkpoint_cnn",
    ]

    @Test("the fixture folder holds every required kind, each with at least two seeds")
    func coverage() throws {
        let fixtures = try Fixture.fileNames.map { try Fixture(fileNamed: $0) }
        try #require(!fixtures.isEmpty, "no fixture files found in \(Fixture.folder.path)")
        var seedsByKind: [String: Set<Int>] = [:]
        for fixture in fixtures {
            seedsByKind[fixture.kind, default: []].insert(fixture.seed)
            #expect(ParityChecks.knownKinds.contains(fixture.kind), "\(fixture.name): no check for kind \(fixture.kind)")
        }
        for kind in Self.requiredKinds.sorted() {
            #expect((seedsByKind[kind]?.count ?? 0) >= 2, "kind \(kind) has fixtures for seeds \(seedsByKind[kind] ?? [])")
        }
        #expect(seedsByKind["digits"] != nil, "the digits fixture is missing")
    }

    @Test("NeuralKit matches PyTorch", arguments: Fixture.fileNames)
    func matchesPyTorch(fileName: String) throws {
        try ParityChecks.check(Fixture(fileNamed: fileName))
    }
}

/// The comparisons, one per fixture kind (in the files Parity/*Parity.swift).
enum ParityChecks {
    static let knownKinds: Set<String> = [
        "linear", "batchnorm1d", "layernorm", "activation", "cross_entropy", "distillation", "mse",
        "binary_cross_entropy", "sgd", "adam", "adamw", "penalty", "gradient_clipping", "checkpoint", "digits",
        "scheduler", "training", "conv2d", "pooling", "dropout2d", "batchnorm2d", "checkpoint_cnn",
        "dropout",
    ]

    static func check(_ fixture: Fixture) throws {
        switch fixture.kind {
        case "cross_entropy": try crossEntropy(fixture)
        case "mse": try meanSquaredError(fixture)
        case "sgd", "adam", "adamw": try optimizer(fixture)
        case "digits": try digits(fixture)
        case "linear": try linear(fixture)
        case "activation": try activation(fixture)
        case "dropout": try dropout(fixture)
        case "distillation": try distillation(fixture)
        case "binary_cross_entropy": try binaryCrossEntropy(fixture)
        case "penalty": try penalty(fixture)
        case "gradient_clipping": try gradientClipping(fixture)
        case "batchnorm1d": try batchNorm(fixture)
        case "layernorm": try layerNorm(fixture)
        case "checkpoint": try checkpoint(fixture)
        case "scheduler": try scheduler(fixture)
        case "training": try training(fixture)
        case "conv2d": try convolution(fixture)
        case "pooling": try pooling(fixture)
        case "dropout2d": try channelDropout(fixture)
        case "batchnorm2d": try batchNorm2d(fixture)
        case "checkpoint_cnn": try convolutionalCheckpoint(fixture)
        default:
            Issue.record("\(fixture.name): unknown fixture kind \"\(fixture.kind)\"; add a check to ParityChecks")
        }
    }
}
