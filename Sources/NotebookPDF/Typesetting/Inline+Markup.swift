import Foundation
import NotebookDocument

extension Inline {
    /// Removes `<…>` tags and decodes the five XML entities.
    static func stripMarkup(_ markup: String) -> String {
        var result = ""
        var insideTag = false
        for character in markup {
            if character == "<" { insideTag = true; continue }
            if character == ">" { insideTag = false; continue }
            if !insideTag { result.append(character) }
        }
        return result
            .replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
