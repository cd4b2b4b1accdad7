/// A colour in sRGB with an opacity, each component in 0...1.
public struct Color: Sendable, Hashable {
    public var red: Double
    public var green: Double
    public var blue: Double
    /// Opacity (α): 0 is fully transparent, 1 is opaque.
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from a 24-bit hexadecimal value such as `0x0072B2`.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(
            red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
            blue: Double(hex & 0xFF) / 255, alpha: alpha)
    }

    /// The same colour with another opacity.
    public func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// Linear interpolation `(1 − t)·a + t·b` per component.
    public static func mix(_ a: Color, _ b: Color, _ t: Double) -> Color {
        Color(
            red: a.red + (b.red - a.red) * t, green: a.green + (b.green - a.green) * t,
            blue: a.blue + (b.blue - a.blue) * t, alpha: a.alpha + (b.alpha - a.alpha) * t)
    }

    /// The colour mixed with white: `lightened(0.6)` is 60 % of the way to white.
    public func lightened(_ amount: Double) -> Color {
        Color.mix(self, Color(red: 1, green: 1, blue: 1, alpha: alpha), amount)
    }

    public static let black = Color(hex: 0x000000)
    public static let white = Color(hex: 0xFFFFFF)
    /// Dark grey used for axes, ticks and text.
    public static let ink = Color(hex: 0x262626)
    /// Light grey used for grid lines.
    public static let gridGrey = Color(hex: 0xE3E3E3)
    public static let grey = Color(hex: 0x7F7F7F)
}
