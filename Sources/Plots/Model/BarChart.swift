/// Grouped bars: one group of bars per category, one bar per `BarGroup` in each group, with
/// optional error bars (for example mean ± std of an ablation over seeds).
public struct BarChart: Sendable {
    /// Category names along x, in order.
    public var categories: [String]
    public var groups: [BarGroup]
    /// Fraction of a category's slot taken by its bars.
    public var groupWidth: Double

    public init(categories: [String], groups: [BarGroup], groupWidth: Double = 0.8) {
        self.categories = categories
        self.groups = groups
        self.groupWidth = groupWidth
    }
}

/// One bar per category, with the same colour and label.
public struct BarGroup: Sendable {
    public var values: [Double]
    /// Half-lengths of the error bars (one per category), or `nil` for none.
    public var errors: [Double]?
    public var label: String?
    public var color: Color?

    public init(values: [Double], errors: [Double]? = nil, label: String? = nil, color: Color? = nil) {
        self.values = values
        self.errors = errors
        self.label = label
        self.color = color
    }
}
