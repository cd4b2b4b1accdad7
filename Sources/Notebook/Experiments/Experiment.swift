import NotebookDocument
import Preconditions

/// One experiment of a lesson: what `--list` shows, `--only` selects and `--set` configures.
///
/// ```swift
/// Experiment(
///     id: "rate-ablation", section: "sec-dropout-rate",
///     summary: "one MLP per dropout rate on noisily labelled digits, over several seeds",
///     settings: DropoutRateAblation.Settings.self
/// ) { settings, context in
///     let result = try DropoutRateAblation.run(settings, seeds: context.runSeeds(settings.seedCount), ...)
///     context.products.store(result)   // for the experiments that require this one
///     ...record results and claims...
/// }
/// ```
/// `section` is the label of the lesson section whose text quotes the experiment's results: a
/// build that does not run the experiment (`--only` another one) leaves that section out with a
/// note. `requires` lists experiments whose products this one reads; `--only` runs them too.
public struct Experiment: Sendable {
    /// Letters, digits and `-`: `rate-ablation`.
    public let id: String
    /// The label of the section its results appear in (`sec-dropout-rate`).
    public let section: String
    /// One line for `--list`.
    public let summary: String
    /// Experiments that must run before this one (their products are read from `context.products`).
    public let requires: [String]
    let makeSettings: @Sendable (_ quick: Bool) -> SettingsSheet
    let body: @Sendable (_ settings: SettingsSheet, _ context: ExperimentContext) throws -> Void

    public init<Settings: ExperimentSettings>(
        id: String, section: String, summary: String, requires: [String] = [], settings: Settings.Type,
        run: @escaping @Sendable (Settings, ExperimentContext) throws -> Void
    ) {
        checkPrecondition(
            !id.isEmpty && id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" },
            "Experiment: id '\(id)' must be letters, digits and '-'")
        self.id = id
        self.section = section
        self.summary = summary
        self.requires = requires
        makeSettings = { quick in SettingsSheet(experiment: id, Settings.self, quick: quick) }
        body = { sheet, context in try run(sheet.value(as: Settings.self), context) }
    }

    /// The experiment's settings for a full or quick run, before any `--set`.
    public func settings(quick: Bool) -> SettingsSheet { makeSettings(quick) }

    /// Runs the experiment with `settings` (which must be this experiment's sheet).
    public func run(_ settings: SettingsSheet, context: ExperimentContext) throws {
        try body(settings, context)
    }
}

/// What experiments hand to later ones in the same build, keyed by type: the rate ablation stores
/// its `DropoutRateAblation.Result`; the eval() trap, which requires it, reads it.
public final class ExperimentProducts: @unchecked Sendable {
    private var items: [ObjectIdentifier: Any] = [:]

    public init() {}

    public func store<Product>(_ product: Product) {
        items[ObjectIdentifier(Product.self)] = product
    }

    /// The product of type `Product`; a missing one is a bug in the lesson's `requires` list.
    public func get<Product>(_ type: Product.Type = Product.self, for experiment: String) throws -> Product {
        guard let product = items[ObjectIdentifier(Product.self)] as? Product else {
            throw SettingError(
                "experiment `\(experiment)` needs a \(Product.self) that no earlier experiment stored; add the experiment that makes it to `requires`")
        }
        return product
    }
}
