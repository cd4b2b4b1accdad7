import Foundation

/// The process-wide lock that every Pango text layout of the package is made and measured under
/// (plot labels here, the PDF typesetter's paragraphs and formulas).
///
/// Pango 1.50 is safe to use from several threads when each thread has its own font map, with
/// one exception that matters for reproducible PDFs: the first time a font's metrics are asked
/// for (`pango_font_get_metrics`, which every layout does for the line height and the line
/// breaker does for each item), pangocairo measures a sample string to find the font's average
/// character width, guarded against recursion by a single *global* flag (`static int
/// in_get_metrics` in `pangocairo-font.c`). When two threads compute metrics at once, the second
/// one sees the flag set, skips the measurement and caches an average character width of 0 for
/// that font. The line breaker's look-ahead (`safe_distance`, three average character widths)
/// then differs, it measures other break candidates, and a justified paragraph's spacing or its
/// hyphenation comes out differently: the same lesson gave a PDF of 72,622 bytes or 72,740 bytes
/// depending on what another thread was typesetting at the time.
///
/// Holding this lock while Pango lays out and measures text keeps two metric computations from
/// overlapping. Drawing an already measured layout needs no lock (its fonts' metrics are cached).
/// The lock is recursive: a figure drawn inside the typesetter may lay out its labels.
public enum PangoLayoutLock {
    private static let lock = NSRecursiveLock()

    /// Runs `body` while holding the lock.
    public static func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
