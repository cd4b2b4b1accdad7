/// How a document was made, so that a reader can reproduce it: printed in the colophon at the
/// end of the text and in the footer of every page.
///
/// Nothing here is read from the clock: `creationDate` goes into the PDF's metadata as given, so
/// the same input gives a byte-identical PDF.
public struct DocumentMetadata: Sendable, Equatable {
    /// The random seed of the run that produced the numbers and figures.
    public var seed: UInt64?
    /// The Swift toolchain, e.g. `"Swift 6.3.1 (swift-6.3.1-RELEASE), Debian 12"`.
    public var toolchain: String?
    /// The source commit the run was built from, e.g. `"3f2a9c1"` (add `"-dirty"` if it had
    /// uncommitted changes).
    public var commit: String?
    /// The date shown to the reader, e.g. `"25 November 2026"`.
    public var date: String?
    /// The PDF's creation date in ISO 8601 (`"2026-11-25T09:00:00Z"`, or just `"2026-11-25"`).
    /// When `nil`, a fixed date is used, never the clock, so that builds are reproducible.
    public var creationDate: String?
    /// The text of the running header on the left of every page; the document title when `nil`.
    public var runningTitle: String?
    /// Further lines for the colophon, in order (e.g. `("Data set", "UCI digits, 1,797 images")`).
    public var extraFields: [Field]

    /// One named line of the colophon.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(
        seed: UInt64? = nil, toolchain: String? = nil, commit: String? = nil, date: String? = nil,
        creationDate: String? = nil, runningTitle: String? = nil, extraFields: [Field] = []
    ) {
        self.seed = seed
        self.toolchain = toolchain
        self.commit = commit
        self.date = date
        self.creationDate = creationDate
        self.runningTitle = runningTitle
        self.extraFields = extraFields
    }
}
