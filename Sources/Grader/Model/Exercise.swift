/// The seven graded exercises, one per lesson topic, in the order of the course.
public enum Exercise: Int, CaseIterable, Codable, Sendable, Comparable {
    case dropout = 1
    case penalties
    case batchNormalization
    case earlyStopping
    case distillation
    case adamWAndLabelSmoothing
    case spatialDropout

    /// The title shown in reports: "Exercise 1 — Inverted dropout".
    public var title: String {
        switch self {
        case .dropout: "Inverted dropout"
        case .penalties: "L1, L2, elastic net and weight decay"
        case .batchNormalization: "Batch normalisation"
        case .earlyStopping: "Early stopping"
        case .distillation: "Distillation loss"
        case .adamWAndLabelSmoothing: "AdamW and label smoothing"
        case .spatialDropout: "Spatial dropout (Dropout2d)"
        }
    }

    /// A short identifier used in check names: `dropout`, `penalties`, ...
    public var slug: String {
        switch self {
        case .dropout: "dropout"
        case .penalties: "penalties"
        case .batchNormalization: "batchnorm"
        case .earlyStopping: "early-stopping"
        case .distillation: "distillation"
        case .adamWAndLabelSmoothing: "adamw"
        case .spatialDropout: "spatial-dropout"
        }
    }

    /// The student file that holds the exercise, in `Sources/Student/`.
    public var sourceFile: String {
        switch self {
        case .dropout: "Dropout.swift"
        case .penalties: "Penalties.swift"
        case .batchNormalization: "BatchNormalization.swift"
        case .earlyStopping: "EarlyStopping.swift"
        case .distillation: "Distillation.swift"
        case .adamWAndLabelSmoothing: "AdamW.swift"
        case .spatialDropout: "SpatialDropout.swift"
        }
    }

    /// The exercise sheet, relative to the package root.
    public var sheet: String {
        let number = rawValue < 10 ? "0\(rawValue)" : "\(rawValue)"
        let name = switch self {
        case .dropout: "dropout"
        case .penalties: "penalties"
        case .batchNormalization: "batchnorm"
        case .earlyStopping: "early-stopping"
        case .distillation: "distillation"
        case .adamWAndLabelSmoothing: "adamw-label-smoothing"
        case .spatialDropout: "spatial-dropout"
        }
        return "lessons/exercises/\(number)-\(name).md"
    }

    public static func < (lhs: Exercise, rhs: Exercise) -> Bool { lhs.rawValue < rhs.rawValue }
}
