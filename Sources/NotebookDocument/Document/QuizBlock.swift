/// A quick check (see ``Block/quiz(_:)``): a question about what the lesson's run showed, with
/// options, which of them are right, and why each option is right or wrong.
///
/// The HTML edition sets it as a form (a `<fieldset>` with radio buttons, or checkboxes when
/// ``multipleAnswers``) that gives feedback per chosen option; the PDF sets the question and its
/// options where the quiz stands and the answers with their explanations in an appendix of the
/// lesson. Numbered "Quick check n".
public struct QuizBlock: Sendable {
    /// One answer a reader can choose.
    public struct Option: Sendable {
        /// The option as shown next to its radio button or checkbox.
        public var text: [Inline]
        /// Whether choosing it is right. For a quiz bound to a claim, decided by this run's verdict.
        public var isRight: Bool
        /// Why the option is right or wrong; shown when the reader chooses it (HTML) and in the
        /// answers appendix (PDF). One paragraph; may quote the run's values.
        public var explanation: [Inline]

        public init(text: [Inline], isRight: Bool, explanation: [Inline]) {
            self.text = text
            self.isRight = isRight
            self.explanation = explanation
        }
    }

    /// The question, one paragraph.
    public var question: [Inline]
    public var options: [Option]
    /// Checkboxes (choose every right option) rather than radio buttons (choose one). The
    /// assembler sets it when more than one option is right, or when the source asks for it.
    public var multipleAnswers: Bool
    public var label: String?

    public init(question: [Inline], options: [Option], multipleAnswers: Bool, label: String? = nil) {
        self.question = question
        self.options = options
        self.multipleAnswers = multipleAnswers
        self.label = label
    }

    /// "a", "b", … for option `index` (then "aa", "ab" … past 26, which no quiz should need).
    public static func letter(_ index: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return index < 26 ? String(letters[index]) : letter(index / 26 - 1) + String(letters[index % 26])
    }
}
