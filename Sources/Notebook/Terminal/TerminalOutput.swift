import Foundation

/// Where the terminal narrative goes, and whether it is an interactive terminal (which gets a
/// redrawn progress bar) or a file or pipe (which gets plain periodic lines).
public struct TerminalOutput: Sendable {
    /// Writes text exactly as given (no newline added).
    public let write: @Sendable (String) -> Void
    /// Whether `\r` can redraw the current line.
    public let isInteractive: Bool

    public init(isInteractive: Bool, write: @escaping @Sendable (String) -> Void) {
        self.isInteractive = isInteractive
        self.write = write
    }

    /// Standard output; interactive when it is a terminal (`isatty`) and `TERM` is not `dumb`.
    public static var standardOutput: TerminalOutput {
        let terminal = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        return TerminalOutput(isInteractive: terminal) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Discards everything (for tests and library use).
    public static let silent = TerminalOutput(isInteractive: false) { _ in }
}
