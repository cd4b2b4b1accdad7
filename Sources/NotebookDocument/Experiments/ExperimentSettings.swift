import Preconditions

/// An experiment's settings as data: a struct whose stored properties are the experiment's knobs
/// (rates, epochs, sizes), with their defaults for a full and a quick run, and a declaration per
/// setting that the runner uses to list it (`--list`) and override it
/// (`--set rate-ablation.epochs=100`).
///
/// ```swift
/// public struct Settings: ExperimentSettings {
///     public var probabilities: [Double] = [0, 0.25, 0.5, 0.75]
///     public var epochs = 60
///     public init(quick: Bool) { if quick { probabilities = [0, 0.5] } }
///     public static let declarations: [SettingDeclaration<Settings>] = [
///         .numbers("probabilities", \.probabilities, in: 0..<1, "dropout rates p to train"),
///         .integer("epochs", \.epochs, in: 1...10_000, "epochs per run"),
///     ]
/// }
/// ```
public protocol ExperimentSettings: Sendable {
    /// The settings of a full run, or of a quick run (`--quick`).
    init(quick: Bool)
    /// Every setting the runner can list and override, in the order `--list` prints them.
    static var declarations: [SettingDeclaration<Self>] { get }
}

/// One declared setting: its name, type, allowed range and meaning, and how to read and write it.
public struct SettingDeclaration<Root>: Sendable {
    /// The name used in `--set experiment.name=value`.
    public let name: String
    /// "Int", "Double", "[Double]", ...
    public let type: String
    /// The allowed values in words: "[1, 10000]", "each in [0, 1), 1 to 10 values".
    public let range: String
    /// One line: what the setting changes.
    public let summary: String
    /// The current value as the command line writes it ("0,0.25,0.5").
    public let read: @Sendable (Root) -> String
    /// Parses and validates `text`, then stores it; throws a message naming the value and the
    /// allowed range.
    public let write: @Sendable (inout Root, String) throws -> Void

    public init(
        name: String, type: String, range: String, summary: String,
        read: @escaping @Sendable (Root) -> String, write: @escaping @Sendable (inout Root, String) throws -> Void
    ) {
        checkPrecondition(
            !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" },
            "SettingDeclaration: name '\(name)' must be letters, digits and '-'")
        self.name = name
        self.type = type
        self.range = range
        self.summary = summary
        self.read = read
        self.write = write
    }
}

/// A setting that could not be set: unknown, malformed or out of range.
public struct SettingError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The settings of one experiment in one build, type-erased for the runner: their current values,
/// their defaults, and which ones the command line changed.
public struct SettingsSheet: @unchecked Sendable {
    /// One row of `--list` and of results.json's `settings`.
    public struct Entry: Sendable, Codable, Equatable {
        public var name: String
        public var type: String
        public var range: String
        public var summary: String
        public var value: String
        public var defaultValue: String
        public var overridden: Bool { value != defaultValue }
    }

    public let experiment: String
    private(set) var current: any ExperimentSettings
    private let defaults: any ExperimentSettings
    private let names: [String]
    private let describe: @Sendable (any ExperimentSettings, any ExperimentSettings) -> [Entry]
    private let assign: @Sendable (inout any ExperimentSettings, String, String) throws -> Void

    public init<Settings: ExperimentSettings>(experiment: String, _ type: Settings.Type, quick: Bool) {
        self.experiment = experiment
        let initial = Settings(quick: quick)
        current = initial
        defaults = initial
        let declarations = Settings.declarations
        names = declarations.map(\.name)
        describe = { current, defaults in
            let now = current as! Settings
            let start = defaults as! Settings
            return declarations.map {
                Entry(
                    name: $0.name, type: $0.type, range: $0.range, summary: $0.summary, value: $0.read(now),
                    defaultValue: $0.read(start))
            }
        }
        assign = { settings, name, text in
            guard let declaration = declarations.first(where: { $0.name == name }) else {
                throw SettingError("no setting `\(name)`")
            }
            var typed = settings as! Settings
            try declaration.write(&typed, text)
            settings = typed
        }
    }

    /// Every setting with its current and default value.
    public var entries: [Entry] { describe(current, defaults) }

    /// The settings the command line changed.
    public var overrides: [Entry] { entries.filter(\.overridden) }

    /// The settings as their type (the experiment's own `Settings`).
    public func value<Settings: ExperimentSettings>(as type: Settings.Type) -> Settings {
        guard let settings = current as? Settings else {
            failPrecondition("SettingsSheet: experiment '\(experiment)' has \(Swift.type(of: current)), not \(type)")
        }
        return settings
    }

    /// Sets `name` from its command-line text; an unknown name gets the nearest known names.
    public mutating func set(_ name: String, to text: String) throws {
        guard names.contains(name) else {
            let known = names.map { "`\($0)`" }.joined(separator: ", ")
            throw SettingError(
                "experiment `\(experiment)` has no setting `\(name)`\(NameSuggestions.hint(for: name, in: names)); its settings are \(known.isEmpty ? "none" : known)")
        }
        do {
            try assign(&current, name, text)
        } catch {
            throw SettingError("--set \(experiment).\(name)=\(text): \(error)")
        }
    }
}
