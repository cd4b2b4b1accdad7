/// An interactive figure (see ``Block/explorer(_:)``): one recorded figure per value of a swept
/// parameter (a dropout rate, a λ, an epoch, a mask of a run), drawn by the run. The HTML edition
/// shows one frame at a time under native controls (a range slider over the frames of a group,
/// a button per group, an optional "Animate" button); the PDF sets ``printedFrames`` side by side
/// as one numbered figure. Numbered as a figure, so `{numref}` says "Figure 3" in both editions.
///
/// No renderer computes anything: every frame is a drawing the experiment made from its results.
public struct ExplorerBlock: Sendable {
    /// One state of the figure.
    public struct Frame: Sendable {
        /// The parameter's value as shown next to the slider: `"p = 0.25"`, `"mask 3 of 8"`.
        public var value: String
        /// The group (a toggle's state) the frame belongs to, e.g. `"training"` / `"inference"`;
        /// `nil` for an explorer with one group.
        public var group: String?
        public var drawing: any DrawableFigure

        public init(value: String, group: String? = nil, drawing: any DrawableFigure) {
            self.value = value
            self.group = group
            self.drawing = drawing
        }
    }

    /// What the slider moves over, e.g. `"dropout rate p"`; the slider's label.
    public var parameter: String
    /// The frames in slider order; a group's frames are contiguous.
    public var frames: [Frame]
    /// The frame shown first (and without JavaScript).
    public var initialFrame: Int
    /// The frames the PDF sets as panels, in order (at least one).
    public var printedFrames: [Int]
    /// Whether the page offers an "Animate" button that steps through the current group's frames.
    public var animated: Bool
    public var caption: [Inline]
    public var label: String?
    /// Width as a fraction of the text width, as for ``FigureBlock/widthFraction``.
    public var widthFraction: Double?

    public init(
        parameter: String, frames: [Frame], initialFrame: Int = 0, printedFrames: [Int]? = nil,
        animated: Bool = false, caption: [Inline], label: String? = nil, widthFraction: Double? = nil
    ) {
        self.parameter = parameter
        self.frames = frames
        self.initialFrame = initialFrame
        self.printedFrames = printedFrames ?? [initialFrame]
        self.animated = animated
        self.caption = caption
        self.label = label
        self.widthFraction = widthFraction
    }

    /// The groups in order of first appearance, each with the indices of its frames.
    public var groups: [(name: String?, frames: [Int])] {
        var result: [(name: String?, frames: [Int])] = []
        for (index, frame) in frames.enumerated() {
            if let last = result.indices.last, result[last].name == frame.group {
                result[last].frames.append(index)
            } else {
                result.append((frame.group, [index]))
            }
        }
        return result
    }
}
