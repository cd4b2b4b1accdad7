/// The Okabe–Ito palette: eight colours that stay distinct for readers with the common forms of
/// colour blindness. Series without an explicit colour take them in `cycle` order.
///
/// ### References
/// Okabe, M. and Ito, K. (2008), *Color Universal Design (CUD): how to make figures and
/// presentations that are friendly to colorblind people*.
public enum Palette {
    public static let blue = Color(hex: 0x0072B2)
    public static let vermillion = Color(hex: 0xD55E00)
    public static let bluishGreen = Color(hex: 0x009E73)
    public static let orange = Color(hex: 0xE69F00)
    public static let skyBlue = Color(hex: 0x56B4E9)
    public static let reddishPurple = Color(hex: 0xCC79A7)
    public static let yellow = Color(hex: 0xF0E442)
    public static let black = Color(hex: 0x000000)

    /// The order in which series receive colours: strong, well separated hues first.
    public static let cycle: [Color] = [
        blue, vermillion, bluishGreen, orange, skyBlue, reddishPurple, black, yellow,
    ]

    /// The `index`-th colour of the cycle (wrapping around).
    public static func color(at index: Int) -> Color {
        cycle[((index % cycle.count) + cycle.count) % cycle.count]
    }
}
