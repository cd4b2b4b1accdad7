import Preconditions

/// The former name of `checkPrecondition` (module `Preconditions`), kept while other branches
/// still call it.
@available(*, deprecated, renamed: "checkPrecondition")
@inline(__always)
func layerPrecondition(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    checkPrecondition(condition(), message(), file: file, line: line)
}

/// The former name of `failPrecondition` (module `Preconditions`), kept while other branches
/// still call it.
@available(*, deprecated, renamed: "failPrecondition")
func layerPreconditionFailure(
    _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line
) -> Never {
    failPrecondition(message(), file: file, line: line)
}
