/// Sizes (in points) of the figure's furniture, chosen so that a 480 pt wide figure placed at a
/// 450 pt column of an A4 page keeps its tick labels at about 8.5 pt.
public struct Theme: Sendable, Hashable {
    /// The font family of every text; Plots checks that it is installed.
    public var fontFamily = "DejaVu Sans"
    public var tickLabelSize = 9.0
    public var axisLabelSize = 10.0
    public var titleSize = 10.5
    public var legendSize = 8.5
    public var annotationSize = 8.5
    public var panelLetterSize = 12.0
    public var figureTitleSize = 12.0
    public var tickLength = 3.5
    public var frameWidth = 0.8
    public var gridWidth = 0.5
    public var gridColor = Color.gridGrey
    public var background = Color.white

    public init() {}

    public static let standard = Theme()
}
