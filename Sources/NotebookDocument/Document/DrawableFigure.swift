/// Something the typesetter can draw as a vector figure: a Plots `Figure` conforms (see
/// `Figure+DrawableFigure.swift`); tests can conform small drawings of their own.
public protocol DrawableFigure: Sendable {
    /// The natural size in points (1/72 inch); the typesetter keeps this aspect ratio.
    var size: (width: Double, height: Double) { get }
    /// Draws the figure into the rectangle `(0, 0, width, height)` of `context`, a `cairo_t *`
    /// whose origin the typesetter has moved to the figure's top-left corner.
    func draw(in context: OpaquePointer, width: Double, height: Double) throws
}
