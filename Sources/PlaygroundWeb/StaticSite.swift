import Foundation

/// The page's files, shipped in the package (Resources `Site/`) and read once at start-up. Only
/// these names are served: no path from a request ever reaches the file system.
struct StaticSite: Sendable {
    struct File: Sendable {
        let contentType: String
        let body: String
    }

    static let names: [String: String] = [
        "index.html": "text/html; charset=utf-8",
        "playground.css": "text/css; charset=utf-8",
        "playground.js": "text/javascript; charset=utf-8",
    ]

    let files: [String: File]

    init() throws {
        guard let folder = Bundle.module.url(forResource: "Site", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the playground's Site/ resources are missing from the build"])
        }
        var files: [String: File] = [:]
        for (name, type) in Self.names {
            let body = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            files[name] = File(contentType: type, body: body)
        }
        self.files = files
    }
}
