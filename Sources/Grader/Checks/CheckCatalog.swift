/// Every check the grader knows, in exercise order.
///
/// In the instructor's package this includes the hidden checks (`Sources/Grader/Hidden/`); the
/// student edition made by `release-student` has only the public ones.
public enum CheckCatalog {
    /// The checks shipped to students and run by their `swift test`.
    public static let publicChecks: [Check] =
        DropoutChecks.checks + PenaltyChecks.checks + BatchNormalizationChecks.checks
        + EarlyStoppingChecks.checks + DistillationChecks.checks + AdamWChecks.checks + SpatialDropoutChecks.checks

    /// The checks that exist only in the instructor's package.
    public static let hiddenChecks: [Check] = {
        var checks: [Check] = []
        // BEGIN INSTRUCTOR
        checks += HiddenChecks.all
        // END INSTRUCTOR
        return checks
    }()

    /// Public and hidden checks, ordered by exercise (public first within an exercise).
    public static let all: [Check] = Exercise.allCases.flatMap { exercise in
        (publicChecks + hiddenChecks).filter { $0.exercise == exercise }
    }

    /// Whether the hidden checks are compiled in (false in the student edition).
    public static var includesHiddenChecks: Bool { !hiddenChecks.isEmpty }

    public static func check(id: String) -> Check? {
        all.first { $0.id == id }
    }

    /// The checks of `exercise`.
    public static func checks(of exercise: Exercise, including visibilities: Set<Visibility> = [.public, .hidden]) -> [Check] {
        all.filter { $0.exercise == exercise && visibilities.contains($0.visibility) }
    }
}
