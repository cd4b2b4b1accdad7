/// `precondition` for layer code that keeps its message in optimised builds.
///
/// NeuralKit is compiled with `-O` even in debug builds, and there the standard library's
/// `precondition` traps with the bare text "precondition failure", dropping the message that
/// names the layer and both shapes. A programmer who fed a [8, 32] batch into a
/// `Linear(64 -> 256)` deserves to read that; `fatalError` prints its message at `-O`.
@inline(__always)
func checkPrecondition(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() {
        fatalError(message(), file: file, line: line)
    }
}

/// `preconditionFailure` that keeps its message in optimised builds (see `checkPrecondition`).
func failPrecondition(
    _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line
) -> Never {
    fatalError(message(), file: file, line: line)
}

/// The former name of `checkPrecondition`, kept while other branches still call it.
@available(*, deprecated, renamed: "checkPrecondition")
@inline(__always)
func layerPrecondition(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    checkPrecondition(condition(), message(), file: file, line: line)
}

/// The former name of `failPrecondition`, kept while other branches still call it.
@available(*, deprecated, renamed: "failPrecondition")
func layerPreconditionFailure(
    _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line
) -> Never {
    failPrecondition(message(), file: file, line: line)
}
