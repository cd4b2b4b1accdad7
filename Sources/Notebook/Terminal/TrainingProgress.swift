import Foundation
import Preconditions

/// The progress of one training run: on a terminal a bar redrawn in place,
///
///     p = 0.50  [##########··········]  20/40  loss 0.3412  ETA 3 s
///
/// and otherwise (a pipe or a log file) a plain line every 5 s and one after the last epoch, so a
/// log holds one line per short run.
public final class TrainingProgress {
    public let name: String
    public let epochs: Int
    private let output: TerminalOutput
    private let started = ContinuousClock.now
    private var lastPlainLine = ContinuousClock.now
    private var lastRedraw = ContinuousClock.now
    private var finished = false
    /// Width of the bar in characters.
    static let barWidth = 20
    /// Seconds between two plain progress lines when the output is not a terminal.
    static let plainInterval = 5.0

    init(name: String, epochs: Int, output: TerminalOutput) {
        checkPrecondition(epochs > 0, "TrainingProgress '\(name)': epochs must be positive, got \(epochs)")
        self.name = name
        self.epochs = epochs
        self.output = output
    }

    /// Reports that `epoch` (1-based) of `epochs` finished with training loss `loss` (`.nan`: none to show), and optional
    /// further metrics (`[("val acc", "91.2 %")]`).
    public func update(epoch: Int, loss: Double, metrics: [(String, String)] = []) {
        let elapsed = seconds(since: started)
        let remaining = epoch > 0 ? elapsed / Double(epoch) * Double(max(0, epochs - epoch)) : 0
        let details = metrics.map { "  \($0.0) \($0.1)" }.joined()
        let counter = "\(String(repeating: " ", count: max(0, String(epochs).count - String(epoch).count)))\(epoch)/\(epochs)"
        if output.isInteractive {
            // Redraw at most ten times a second: fast epochs would flood the terminal.
            let isFirstOrLast = epoch <= 1 || epoch >= epochs
            guard isFirstOrLast || seconds(since: lastRedraw) >= 0.1 else { return }
            lastRedraw = .now
            let done = Int((Double(epoch) / Double(epochs) * Double(Self.barWidth)).rounded(.down))
            let bar = String(repeating: "#", count: min(done, Self.barWidth))
                + String(repeating: "·", count: max(0, Self.barWidth - done))
            output.write(
                "\r\u{1B}[2K  \(name)  [\(bar)]  \(counter)\(Self.loss(loss))\(details)  ETA \(Self.duration(remaining))")
            if epoch >= epochs { finish() }
            return
        }
        // A log file wants few lines: one every `plainInterval` seconds, and the last epoch.
        let due = epoch >= epochs || seconds(since: lastPlainLine) >= Self.plainInterval
        guard due else { return }
        lastPlainLine = .now
        let timing = epoch >= epochs ? "in \(Self.duration(elapsed))" : "ETA \(Self.duration(remaining))"
        output.write("  \(name): epoch \(counter)\(Self.loss(loss))\(details)  \(timing)\n")
        if epoch >= epochs { finish() }
    }

    /// Ends the bar's line (called automatically after the last epoch).
    public func finish() {
        guard !finished else { return }
        finished = true
        if output.isInteractive {
            output.write("  (\(Self.duration(seconds(since: started))))\n")
        }
    }

    private func seconds(since instant: ContinuousClock.Instant) -> Double {
        let duration = ContinuousClock.now - instant
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// "  loss 0.3412", or nothing for a run without a loss (pass `.nan`).
    static func loss(_ value: Double) -> String { value.isNaN ? "" : String(format: "  loss %.4f", value) }

    /// "0.4 s", "12 s", "3 min 05 s".
    static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1f s", seconds) }
        if seconds < 60 { return "\(Int(seconds.rounded())) s" }
        let whole = Int(seconds.rounded())
        return String(format: "%d min %02d s", whole / 60, whole % 60)
    }
}
