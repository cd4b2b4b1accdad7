/// A fenced directive in a lesson source, MyST style:
///
/// ```
/// :::{figure} ablation-curves
/// :label: fig-ablation
/// :width: 80%
/// Training and validation accuracy for each dropout rate.
/// :::
/// ```
/// `name` is `figure`, `argument` is `ablation-curves`, `options` holds `label` and `width`, and the
/// body is the caption. Directives nest when the outer fence has more colons (`::::{note}`).
public struct Directive: Sendable, Equatable {
    public var name: String
    /// The rest of the opening line after `{name}`, trimmed.
    public var argument: String
    /// `:key: value` lines directly after the opening line.
    public var options: [String: String]
    /// The lines between the options and the closing fence.
    public var body: [String]
    /// Where the opening fence is.
    public var location: SourceLocation
    /// The line number of the first body line.
    public var bodyFirstLine: Int

    public init(
        name: String, argument: String, options: [String: String], body: [String],
        location: SourceLocation, bodyFirstLine: Int
    ) {
        self.name = name
        self.argument = argument
        self.options = options
        self.body = body
        self.location = location
        self.bodyFirstLine = bodyFirstLine
    }

    /// The body as one string.
    public var bodyText: String { body.joined(separator: "\n") }
}
