/// `precondition` and `preconditionFailure` that keep their message in optimised builds.
///
/// NeuralKit, Plots, Notebook and Lessons are compiled with `-O` even in debug builds (see
/// Package.swift), and at `-O` the standard library's `precondition` traps with the bare text
/// "precondition failure", dropping the message that names the value and the fix. A programmer who
/// fed a [8, 32] batch into a `Linear(64 -> 256)` deserves to read that; `fatalError` prints its
/// message at every optimisation level, so these two call it.
///
/// They are for programmers' mistakes inside the code (a shape mismatch between layers). Anything
/// that comes from outside (a flag, a file, a checkpoint) is a thrown error instead.

/// Stops with `message` (and the caller's file and line) unless `condition` holds. The message is
/// built only when the check fails.
@inlinable @inline(__always)
public func checkPrecondition(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() {
        fatalError(message(), file: file, line: line)
    }
}

/// Stops with `message` (and the caller's file and line).
@inlinable
public func failPrecondition(
    _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line
) -> Never {
    fatalError(message(), file: file, line: line)
}
