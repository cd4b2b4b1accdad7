/// Inline roles: `` {value}`name:format` ``, `` {numref}`label` ``, `` {num}`label` ``,
/// `` {math}`formula` ``, `` {cite}`id, id` ``.
extension LessonAssembler {
    func role(name: String, content: String, at here: SourceLocation) -> [Inline]? {
        guard let kind = RoleKind(name: name) else {
            error(here, "unknown role `{\(name)}`\(NameSuggestions.hint(for: name, in: RoleKind.allNames)); the roles are {value}, {numref}, {num}, {math} and {cite}")
            return nil
        }
        switch kind {
        case .value:
            return value(content, at: here).map { [.text($0)] }
        case .numref, .num:
            guard SourcePreprocessor.isValidLabel(content) else {
                error(here, "`{\(name)}` needs a label such as `fig-ablation`, got `\(content)`")
                return nil
            }
            references.append((content, here))
            return [kind == .numref ? .reference(content) : .referenceNumber(content)]
        case .math:
            return [inlineMath(content, at: here)]
        case .cite:
            return citation(content, at: here)
        }
    }

    /// `` {cite}`a, b` `` → "[1, 3]": each number links to its entry in the lesson's reference
    /// list; works are numbered in order of first citation.
    func citation(_ content: String, at here: SourceLocation) -> [Inline]? {
        let ids = content.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !ids.isEmpty, ids.allSatisfy({ !$0.isEmpty }) else {
            error(here, "`{cite}` needs reference ids separated by commas, e.g. {cite}`hinton2012, srivastava2014`, got `\(content)`")
            return nil
        }
        guard let bibliography = context.bibliography else {
            error(here, "`{cite}` needs the references file \(Bibliography.path), which this build has not got; add the entry `\(ids[0])` there")
            return nil
        }
        var numbers: [(Int, Reference)] = []
        for id in ids {
            guard let reference = bibliography[id] else {
                error(here, "unknown reference `\(id)`\(NameSuggestions.hint(for: id, in: bibliography.ids)); add it to \(Bibliography.path) with its authors, title, venue, year and DOI or URL")
                continue
            }
            if !citedReferences.contains(where: { $0.id == id }) { citedReferences.append(reference) }
            numbers.append((citedReferences.firstIndex { $0.id == id }! + 1, reference))
        }
        guard numbers.count == ids.count else { return nil }
        var result: [Inline] = [.text("[")]
        for (index, (number, reference)) in numbers.enumerated() {
            if index > 0 { result.append(.text(", ")) }
            result.append(.internalLink(label: reference.label, content: [.text(String(number))]))
        }
        result.append(.text("]"))
        return result
    }

    /// The text of `` {value}`name` `` or `` {value}`name:format` ``.
    func value(_ content: String, at here: SourceLocation) -> String? {
        let parts = content.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let name = parts.first, !name.isEmpty else {
            error(here, "`{value}` needs a result name, e.g. {value}`val-accuracy:percent.1`")
            return nil
        }
        let results = context.results
        guard let (value, isSeries) = results.insertableValue(named: name) else {
            if !context.omittedSections.isEmpty {
                // A build with --only: the result may come from an experiment that did not run.
                return "(not in this build)"
            }
            let insertable = Array(results.values.keys) + Array(results.series.keys)
            var message = "unknown result `\(name)`\(NameSuggestions.hint(for: name, in: insertable))"
            if results.tables[name] != nil {
                message += "; `\(name)` is a table: place it with `:::{table} \(name)`"
            } else if results.figures[name] != nil {
                message += "; `\(name)` is a figure: place it with `:::{figure} \(name)`"
            } else {
                message += "; record it in the lesson's experiments with `results.record(\"\(name)\", …)`"
            }
            error(here, message)
            return nil
        }
        usedResults.insert(name)
        do {
            let format = try ValueFormat.parse(parts.count > 1 ? parts[1] : "")
            if isSeries, format.statistic == nil {
                error(here, "`\(name)` is a series; choose a statistic, e.g. {value}`\(name):last percent.1` (or first, min, max, mean, count)")
                return nil
            }
            return try format.format(value)
        } catch {
            self.error(here, "value `\(name)` (\(value.kindDescription)): \(error)")
            return nil
        }
    }
}
