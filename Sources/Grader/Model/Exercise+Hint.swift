extension Exercise {
    /// A pointer into the exercise sheet: `see lessons/exercises/01-dropout.md, section "Evaluation mode"`.
    func hint(_ section: String) -> String {
        "see \(sheet), section \"\(section)\""
    }
}
