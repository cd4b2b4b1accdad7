import Foundation
import Plots

var axes = Axes(title: "Loss curves", xLabel: "epoch", yLabel: "cross-entropy loss")
let epochs = (1...60).map(Double.init)
axes.plot(epochs, epochs.map { 2.3 * exp(-$0 / 10) + 0.05 }, label: "training")
axes.plot(epochs, epochs.map { 2.3 * exp(-$0 / 12) + 0.2 + 0.004 * max(0, $0 - 23) * max(0, $0 - 23) / 10 }, label: "validation λ = 0", dash: .dashed, marker: .circle)
axes.verticalLine(at: 23, label: "best epoch 23")
axes.shade(30...60, label: "overfitting")
let figure = Figure(axes)
try FileManager.default.createDirectory(atPath: "/tmp/g", withIntermediateDirectories: true)
for ext in ["png", "pdf", "svg"] {
    try figure.write(to: URL(fileURLWithPath: "/tmp/g/smoke.\(ext)"))
}
