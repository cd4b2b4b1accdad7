/// A data set that cannot be used for what was asked (splitting 10 examples into 20, adding label
/// noise to a regression set, decoding a damaged embedded file).
public enum DatasetError: Error, CustomStringConvertible, Equatable {
    /// A classification-only operation was applied to a set with fewer than two classes.
    case needsClasses(operation: String, classCount: Int)
    /// A split asked for more examples than the set holds.
    case splitTooLarge(requested: Int, available: Int)
    /// Stratification was asked for on a set without class labels.
    case stratifyWithoutLabels
    /// Embedded data could not be decoded.
    case corruptData(name: String, reason: String)

    public var description: String {
        switch self {
        case .needsClasses(let operation, let classCount):
            return "Dataset.\(operation): needs a classification set with at least 2 classes, "
                + "but this set has classCount = \(classCount)"
        case .splitTooLarge(let requested, let available):
            return "Dataset.split: asked for \(requested) training + validation examples but the set has only "
                + "\(available); lower the counts or fractions"
        case .stratifyWithoutLabels:
            return "Dataset.split: stratified = true needs class labels, but this is a regression set; "
                + "pass stratified: false"
        case .corruptData(let name, let reason):
            return "\(name): the embedded data is damaged (\(reason)); restore the file from version control"
        }
    }
}
