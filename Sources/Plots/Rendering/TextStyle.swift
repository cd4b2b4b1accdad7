/// Font size, weight and colour of one kind of text.
struct TextStyle: Sendable {
    var size: Double
    var bold = false
    var italic = false
    var color = Color.ink
}
