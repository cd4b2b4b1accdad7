import Foundation

/// The terminal narrative of a lesson run: what is being trained, a progress bar per training run,
/// and a short summary at the end.
///
/// ```swift
/// context.reporter.section("Training 4 networks on digits, one per dropout rate")
/// let progress = context.reporter.startRun("p = 0.50", epochs: 40)
/// for epoch in 1...40 { ...; progress.update(epoch: epoch, loss: loss) }
/// context.reporter.summarize("best dropout rate: p = 0.5")
/// ```
public final class LessonReporter {
    public let output: TerminalOutput
    private let started = ContinuousClock.now
    private var summaryLines: [String] = []
    private var runs = 0

    public init(output: TerminalOutput = .standardOutput) {
        self.output = output
    }

    /// Announces a part of the lesson: "▸ Training 4 networks on digits ...".
    public func section(_ title: String) {
        output.write("\n▸ \(title)\n")
    }

    /// An indented line of detail under the current section.
    public func note(_ text: String) {
        output.write("  \(text)\n")
    }

    /// Starts a progress bar for one training run of `epochs` epochs.
    public func startRun(_ name: String, epochs: Int) -> TrainingProgress {
        runs += 1
        return TrainingProgress(name: name, epochs: epochs, output: output)
    }

    /// Counts a training run reported without a progress bar (runs on several threads at once).
    public func countRun() {
        runs += 1
    }

    /// Adds a line to the summary printed by `finish`.
    public func summarize(_ line: String) {
        summaryLines.append(line)
    }

    /// Adds the runs and summary lines of a reporter that narrated part of this build (a lesson
    /// built on another thread, `ConcurrentLessons`).
    func absorb(_ other: LessonReporter) {
        runs += other.runs
        summaryLines += other.summaryLines
    }

    /// Prints the summary: the collected lines, how many runs and how long it took, and the files.
    public func finish(wrote files: [String] = []) {
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        output.write("\n✔ Done in \(TrainingProgress.duration(seconds)) (\(runs) training run\(runs == 1 ? "" : "s"))\n")
        for line in summaryLines { output.write("  • \(line)\n") }
        for file in files { output.write("  → \(file)\n") }
    }
}
