import Foundation

/// `:::{explorer} name`: an interactive figure over the frames an experiment recorded with
/// `results.record(explorer:named:configuration:)`.
///
/// ```
/// :::{explorer} rate-explorer
/// :label: fig-rate-explorer
/// :pdf-frames: 1, 3, 5
/// :animate:
/// Validation accuracy per epoch for each dropout rate.
/// :::
/// ```
/// `:pdf-frames:` lists the frames (1-based, `last` for the last one, or `all`) the PDF sets side by side (default: the
/// recorded default frame); `:animate:` adds an "Animate" button; `:width:` as for figures.
extension LessonAssembler {
    func explorer(_ directive: Directive) -> [Block] {
        let here = directive.location
        guard let name = nameArgument(directive, what: "explorer") else { return [] }
        guard let entry = context.results.explorers[name] else {
            if !context.omittedSections.isEmpty, context.results.figures[name] == nil { return [] }
            let hint = NameSuggestions.hint(for: name, in: context.results.explorers.keys)
            let isFigure = context.results.figures[name] != nil
            error(
                here,
                isFigure
                    ? "`\(name)` is a figure, not an explorer; use `:::{figure} \(name)`, or record its frames with `results.record(explorer:named:configuration:)`"
                    : "unknown explorer `\(name)`\(hint); record its frames in the experiments with `results.record(explorer:named:configuration:)`")
            return []
        }
        usedResults.insert(name)
        let recorded = entry.value
        var widthFraction: Double?
        if let width = directive.options["width"] {
            let number = width.hasSuffix("%") ? Double(width.dropLast()).map { $0 / 100 } : Double(width)
            if let number, number > 0, number <= 1 {
                widthFraction = number
            } else {
                error(here, "`:width: \(width)` must be a fraction of the text width in (0, 1] or a percentage such as `80%`")
            }
        }
        var printed = [recorded.defaultFrame]
        if let list = directive.options["pdf-frames"] {
            if list.trimmingCharacters(in: .whitespaces).lowercased() == "all" {
                printed = Array(recorded.frames.indices)
            } else {
                let numbers = list.split(separator: ",").map { item -> Int? in
                    let word = item.trimmingCharacters(in: .whitespaces)
                    return word == "last" ? recorded.frames.count : Int(word)
                }
                guard !numbers.isEmpty, numbers.allSatisfy({ $0 != nil && (1...recorded.frames.count).contains($0!) }) else {
                    error(
                        here,
                        "`:pdf-frames: \(list)` must list frame numbers between 1 and \(recorded.frames.count) (explorer `\(name)` has \(recorded.frames.count): \(recorded.frames.map(\.value).joined(separator: "; "))), separated by commas (`last` for the last frame), or `all`")
                    return []
                }
                printed = numbers.map { $0! - 1 }
            }
        }
        var animated = false
        if let value = directive.options["animate"] {
            switch value.lowercased() {
            case "", "true", "yes": animated = true
            case "false", "no": animated = false
            default:
                error(here, "`:animate: \(value)` must be empty, `true` or `false`")
            }
        }
        var text = caption(directive)
        let configuration = captionConfiguration(entry.configuration, result: name)
        if !configuration.isEmpty {
            text.append(.text((text.isEmpty ? "" : " ") + "(" + configuration + ")"))
        }
        let label = claim(label: directive.options["label"] ?? name, at: here, explicit: directive.options["label"] != nil)
        let frames = recorded.frames.map { ExplorerBlock.Frame(value: $0.value, group: $0.group, drawing: $0.figure) }
        return [
            .explorer(
                ExplorerBlock(
                    parameter: recorded.parameter, frames: frames, initialFrame: recorded.defaultFrame,
                    printedFrames: printed, animated: animated, caption: text, label: label,
                    widthFraction: widthFraction))
        ]
    }
}
