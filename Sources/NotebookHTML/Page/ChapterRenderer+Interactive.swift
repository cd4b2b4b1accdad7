import Foundation
import NotebookDocument

/// Quick checks and interactive figures. Both work from the markup alone plus the page script
/// (`assets/site.js`): no library, no request; every text is escaped.
extension ChapterRenderer {
    /// A form: the question as the `<legend>` of a `<fieldset>`, one radio button (or checkbox)
    /// per option, each with its explanation (hidden until checked), a Check button, a status
    /// line for the feedback and a Try again button. Which options are right is in `data-right`:
    /// a quick check is for the reader, not an exam.
    mutating func quiz(_ quiz: QuizBlock) throws -> String {
        let entry = try nextEntry(.quiz)
        let id = HTMLEscaping.attribute(entry.destination)
        let type = quiz.multipleAnswers ? "checkbox" : "radio"
        var html = "<form class=\"quiz\" id=\"\(id)\" data-quiz>"
        html += "<fieldset><legend><span class=\"quiz-label\">Quick check \(HTMLEscaping.text(entry.number))</span> "
            + (try inlines(quiz.question)) + "</legend>"
        if quiz.multipleAnswers {
            html += "<p class=\"quiz-hint\">Choose every right answer.</p>"
        }
        for (index, option) in quiz.options.enumerated() {
            let optionID = "\(id)-\(QuizBlock.letter(index))"
            html += "<div class=\"quiz-option\">"
            html += "<input type=\"\(type)\" name=\"\(id)\" id=\"\(optionID)\" value=\"\(QuizBlock.letter(index))\""
                + " data-right=\"\(option.isRight ? "true" : "false")\" aria-describedby=\"\(optionID)-why\">"
            html += "<label for=\"\(optionID)\">" + (try inlines(option.text)) + "</label>"
            html += "<p class=\"quiz-explanation\" id=\"\(optionID)-why\" hidden>"
                + "<span class=\"quiz-verdict\">\(option.isRight ? "Right" : "Wrong"):</span> "
                + (try inlines(option.explanation)) + "</p>"
            html += "</div>"
        }
        html += "</fieldset><div class=\"quiz-actions\"><button type=\"submit\" class=\"quiz-check\">Check</button>"
            + "<button type=\"button\" class=\"quiz-retry\" hidden>Try again</button></div>"
            + "<p class=\"quiz-feedback\" role=\"status\" aria-live=\"polite\"></p></form>\n"
        return html
    }

    /// A figure with one `<img>` per frame (all but the current one `hidden`), a range slider
    /// over the frames of the current group with an `<output>` that shows the value, a pressed /
    /// not pressed button per group, and an Animate button when asked for. Without the script the
    /// initial frame shows.
    mutating func explorer(_ explorer: ExplorerBlock) throws -> String {
        let entry = try nextEntry(.figure)
        let id = HTMLEscaping.attribute(entry.destination)
        let groups = explorer.groups
        let initialGroup = groups.firstIndex { $0.frames.contains(explorer.initialFrame) } ?? 0
        var images = ""
        for (index, frame) in explorer.frames.enumerated() {
            var frameEntry = entry
            frameEntry.destination = entry.destination + "-frame-\(index + 1)"
            let source: String
            do {
                source = try writeFigure(FigureBlock(drawing: frame.drawing, caption: explorer.caption), frameEntry)
            } catch {
                throw HTMLEditionError.figureFailed(number: entry.number, chapter: chapterTitle, underlying: "\(error)")
            }
            let group = groups.firstIndex { $0.frames.contains(index) } ?? 0
            let position = groups[group].frames.firstIndex(of: index) ?? 0
            let alt = "Figure \(entry.number), \(frame.group.map { $0 + ", " } ?? "")\(frame.value): " + explorer.caption.plainText
            let size = (width: frame.drawing.size.width * 4 / 3, height: frame.drawing.size.height * 4 / 3)
            images += "<img src=\"\(HTMLEscaping.attribute(source))\" alt=\"\(HTMLEscaping.attribute(alt))\""
                + " width=\"\(Int(size.width.rounded()))\" height=\"\(Int(size.height.rounded()))\""
                + " data-group=\"\(group)\" data-position=\"\(position)\" data-value=\"\(HTMLEscaping.attribute(frame.value))\""
                + (index == explorer.initialFrame ? "" : " hidden") + ">"
        }
        let width = explorer.widthFraction.map { " style=\"max-width: \(Int(($0 * 100).rounded()))%\"" } ?? ""
        var html = "<figure class=\"figure explorer\" id=\"\(id)\" data-explorer>"
        html += "<div class=\"explorer-controls\" role=\"group\" aria-label=\"Figure \(HTMLEscaping.attribute(entry.number)): \(HTMLEscaping.attribute(explorer.parameter))\">"
        if groups.count > 1 {
            html += "<div class=\"explorer-groups\">"
            for (index, group) in groups.enumerated() {
                html += "<button type=\"button\" class=\"explorer-group\" data-group=\"\(index)\""
                    + " aria-pressed=\"\(index == initialGroup ? "true" : "false")\">"
                    + HTMLEscaping.text(group.name ?? "frames \(index + 1)") + "</button>"
            }
            html += "</div>"
        }
        if groups.contains(where: { $0.frames.count > 1 }) {
            let current = groups[initialGroup]
            let position = current.frames.firstIndex(of: explorer.initialFrame) ?? 0
            let value = explorer.frames[explorer.initialFrame].value
            let hidden = current.frames.count > 1 ? "" : " hidden"
            html += "<span class=\"explorer-slider\"\(hidden)><label for=\"\(id)-slider\">\(HTMLEscaping.text(explorer.parameter))</label>"
                + "<input type=\"range\" id=\"\(id)-slider\" min=\"0\" max=\"\(current.frames.count - 1)\" step=\"1\""
                + " value=\"\(position)\" aria-valuetext=\"\(HTMLEscaping.attribute(value))\"></span>"
                + "<output for=\"\(id)-slider\" class=\"explorer-value\">\(HTMLEscaping.text(value))</output>"
            if explorer.animated {
                html += "<button type=\"button\" class=\"explorer-animate\" aria-pressed=\"false\"\(hidden)>Animate</button>"
            }
        } else {
            html += "<output class=\"explorer-value\">\(HTMLEscaping.text(explorer.frames[explorer.initialFrame].value))</output>"
        }
        html += "</div><div class=\"explorer-frames\"\(width)>" + images + "</div>"
        html += "<figcaption><span class=\"caption-label\">Figure \(HTMLEscaping.text(entry.number)):</span> "
            + (try inlines(explorer.caption)) + "</figcaption></figure>\n"
        return html
    }
}
