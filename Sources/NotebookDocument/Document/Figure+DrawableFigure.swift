import Plots

/// A Plots figure can be placed in a document as it is: `.figure(FigureBlock(drawing: figure, …))`.
extension Figure: DrawableFigure {}
