import Foundation

/// Runs poppler's command-line tools (installed by scripts/setup.sh) on PDFs written by tests.
enum PDFTools {
    struct ToolFailed: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailed(description: "\(tool) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The text of `url` (or of page `page` only), with non-breaking spaces made plain and runs of
    /// white space collapsed, so that tests can look for phrases.
    /// `keepingLayout` keeps each printed line together (for the contents' "title … page" lines).
    static func text(of url: URL, page: Int? = nil, keepingLayout: Bool = false) throws -> String {
        var arguments = ["-enc", "UTF-8"]
        if keepingLayout { arguments.append("-layout") }
        if let page { arguments += ["-f", String(page), "-l", String(page)] }
        let raw = try run("pdftotext", arguments + [url.path, "-"])
        // A word hyphenated at a line end extracts with a soft hyphen (U+00AD) there: rejoin it.
        return raw.replacingOccurrences(of: "\u{00AD}\n *", with: "", options: .regularExpression).replacingOccurrences(of: "\u{00A0}", with: " ")
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// `pdfinfo`'s fields, e.g. `["Pages": "4", "Page size": "595.276 x 841.89 pts (A4)"]`.
    static func info(of url: URL) throws -> [String: String] {
        var fields: [String: String] = [:]
        for line in try run("pdfinfo", [url.path]).split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// The named destinations and their page numbers, from `pdfinfo -dests`.
    static func destinations(of url: URL) throws -> [String: Int] {
        var result: [String: Int] = [:]
        for line in try run("pdfinfo", ["-dests", url.path]).split(separator: "\n").dropFirst() {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let page = parts.first.flatMap({ Int($0) }), let name = line.split(separator: "\"").dropFirst().first else {
                continue
            }
            result[String(name)] = page
        }
        return result
    }

    /// The raw bytes of the PDF as Latin-1 text, for looking at its objects (/Outlines, /Dest).
    static func raw(_ url: URL) throws -> String {
        String(decoding: try Data(contentsOf: url), as: Unicode.ASCII.self)
    }
}

extension String {
    /// Whether `phrases` occur in this order.
    func containsInOrder(_ phrases: [String]) -> (Bool, String?) {
        var searchStart = startIndex
        for phrase in phrases {
            guard let range = range(of: phrase, range: searchStart..<endIndex) else { return (false, phrase) }
            searchStart = range.upperBound
        }
        return (true, nil)
    }
}
