import Preconditions

/// What an experiment records for an interactive figure (`:::{explorer}`): one figure per value of
/// a swept parameter, each drawn from that value's results, in slider order.
///
/// ```swift
/// let frames = result.rates.indices.map { index in
///     ExplorerFrames.Frame(value: "p = \(result.rates[index])", figure: curves(for: index))
/// }
/// context.results.record(
///     explorer: ExplorerFrames(parameter: "dropout rate p", frames: frames, defaultFrame: 2),
///     named: "rate-explorer", configuration: "digits, 5 runs per rate")
/// ```
/// Frames with a `group` ("training" / "inference") get a button per group in the HTML edition;
/// a group's frames must be contiguous. The page never computes a frame: it shows the drawings.
public struct ExplorerFrames {
    public struct Frame {
        /// The parameter value as shown next to the slider, e.g. `"p = 0.25"`.
        public var value: String
        /// The toggle state it belongs to, if the explorer has several (e.g. `"training"`).
        public var group: String?
        public var figure: any ExportableFigure

        public init(value: String, group: String? = nil, figure: any ExportableFigure) {
            self.value = value
            self.group = group
            self.figure = figure
        }
    }

    /// What the slider moves over, e.g. `"dropout rate p"`.
    public var parameter: String
    public var frames: [Frame]
    /// The frame shown first, and printed in the PDF unless the directive lists frames.
    public var defaultFrame: Int

    public init(parameter: String, frames: [Frame], defaultFrame: Int = 0) {
        checkPrecondition(!frames.isEmpty, "ExplorerFrames '\(parameter)': record at least one frame")
        checkPrecondition(
            frames.indices.contains(defaultFrame),
            "ExplorerFrames '\(parameter)': default frame \(defaultFrame) is outside 0..<\(frames.count)")
        var seen: [String?] = []
        for frame in frames where seen.last != frame.group {
            checkPrecondition(
                !seen.contains(frame.group),
                "ExplorerFrames '\(parameter)': the frames of group '\(frame.group ?? "none")' are not contiguous; record each group's frames together")
            seen.append(frame.group)
        }
        self.parameter = parameter
        self.frames = frames
        self.defaultFrame = defaultFrame
    }
}
