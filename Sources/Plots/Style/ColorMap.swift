import Preconditions

/// A continuous colour map: a value t in 0...1 becomes a colour by linear interpolation between
/// evenly spaced key colours.
public struct ColorMap: Sendable, Hashable {
    /// Key colours at t = 0, 1/(n−1), …, 1.
    public var keys: [Color]

    public init(keys: [Color]) {
        checkPrecondition(keys.count >= 2, "ColorMap needs at least two key colours, got \(keys.count)")
        self.keys = keys
    }

    /// The colour at `t`, clamped to 0...1 (values outside the colour map's range take the end
    /// colours, as a colour bar's ends show).
    public func color(at t: Double) -> Color {
        let clamped = t.isNaN ? 0 : min(1, max(0, t))
        let position = clamped * Double(keys.count - 1)
        let index = min(keys.count - 2, Int(position))
        return Color.mix(keys[index], keys[index + 1], position - Double(index))
    }

    /// Viridis, perceptually uniform from dark purple (0) to yellow (1); keys are the map at
    /// t = k/15 (matplotlib's `viridis`).
    ///
    /// ### References
    /// van der Walt, S. and Smith, N. (2015), *A Better Default Colormap for Matplotlib*.
    public static let viridis = ColorMap(keys: [
        0x440154, 0x481A6C, 0x472F7D, 0x414487, 0x39568C, 0x31688E, 0x2A788E, 0x23888E,
        0x1F988B, 0x22A884, 0x35B779, 0x54C568, 0x7AD151, 0xA5DB36, 0xD2E21B, 0xFDE725,
    ].map { Color(hex: $0) })

    /// A light diverging map for class probabilities: vermillion (0) through white (0.5) to blue
    /// (1), light enough that points drawn on top stay visible.
    public static let classProbability = ColorMap(keys: [
        Palette.vermillion.lightened(0.45), Palette.vermillion.lightened(0.75), Color.white,
        Palette.blue.lightened(0.75), Palette.blue.lightened(0.45),
    ])

    /// Greys from white (0) to near black (1).
    public static let greys = ColorMap(keys: [Color.white, Color(hex: 0x1A1A1A)])
}
