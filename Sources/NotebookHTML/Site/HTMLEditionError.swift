/// Why the HTML edition could not be written. Each description names the file and the reason.
public enum HTMLEditionError: Error, CustomStringConvertible, Equatable {
    case cannotWrite(path: String, reason: String)
    case figureFailed(number: String, chapter: String, underlying: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason):
            return "cannot write the HTML edition's file '\(path)': \(reason); check that the folder is writable"
        case .figureFailed(let number, let chapter, let underlying):
            return "figure \(number) in chapter '\(chapter)' could not be written as SVG: \(underlying)"
        }
    }
}
