import NotebookDocument
import Preconditions

/// One lesson: its name, its title, its Markdown source and the experiments that produce every
/// number, table and figure the source refers to.
///
/// ```swift
/// LessonDefinition(name: "dropout", title: "Dropout") { context in
///     try DropoutExperiments.run(context)
/// }
/// ```
public struct LessonDefinition: Sendable {
    /// A short name used for folders and files: `output/<name>/<name>.pdf`.
    public var name: String
    /// The title used when the source has no `# Title` line.
    public var title: String
    /// An optional line under the title.
    public var subtitle: String?
    /// The Markdown source, relative to the package root (default `lessons/<name>.md`).
    public var sourcePath: String
    /// Runs the experiments and records their results in `context.results` (lessons that do not
    /// declare `plan` yet; otherwise unused).
    public var experiments: @Sendable (ExperimentContext) throws -> Void
    /// The lesson's declared experiments, in the order they run: what `--list` shows, `--only`
    /// selects and `--set` configures. Empty for lessons that still run one closure.
    public var plan: [Experiment]

    public init(
        name: String, title: String, subtitle: String? = nil, sourcePath: String? = nil,
        experiments: @escaping @Sendable (ExperimentContext) throws -> Void
    ) {
        checkPrecondition(
            !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" },
            "LessonDefinition: name '\(name)' must be letters, digits, '-' or '_' (it names folders)")
        self.name = name
        self.title = title
        self.subtitle = subtitle
        self.sourcePath = sourcePath ?? "lessons/\(name).md"
        self.experiments = experiments
        self.plan = []
    }

    /// A lesson made of declared experiments (see `Experiment`), run in this order.
    public init(
        name: String, title: String, subtitle: String? = nil, sourcePath: String? = nil, plan: [Experiment]
    ) {
        self.init(name: name, title: title, subtitle: subtitle, sourcePath: sourcePath) { _ in }
        var seen: Set<String> = []
        for experiment in plan {
            checkPrecondition(seen.insert(experiment.id).inserted, "LessonDefinition '\(name)': experiment '\(experiment.id)' is declared twice")
            for required in experiment.requires {
                checkPrecondition(
                    seen.contains(required),
                    "LessonDefinition '\(name)': experiment '\(experiment.id)' requires '\(required)', which must be declared before it")
            }
        }
        self.plan = plan
    }

    /// The experiment with id `id`.
    public func experiment(_ id: String) -> Experiment? { plan.first { $0.id == id } }
}
