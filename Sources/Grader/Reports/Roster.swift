import Foundation

/// Who handed a submission in: from Gradescope's `submission_metadata.json` (`users[]` with `id`,
/// `name`, `email`) or from a roster CSV.
public struct StudentIdentity: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var email: String

    public init(id: String, name: String, email: String) {
        self.id = id
        self.name = name
        self.email = email
    }

    /// The users of a Gradescope `submission_metadata.json` (several for a group submission).
    public static func fromGradescopeMetadata(_ url: URL) throws -> [StudentIdentity] {
        guard let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
            let users = json["users"] as? [[String: Any]]
        else { return [] }
        return users.map { user in
            let id = user["id"].map { "\($0)" } ?? ""
            return StudentIdentity(id: id, name: user["name"] as? String ?? "", email: user["email"] as? String ?? "")
        }
    }
}

/// A class roster: which student a submission folder belongs to.
///
/// A CSV with a header row and the columns `submission` (the folder name), `id`, `name` and
/// `email`, in any order; other columns are ignored. Canvas's gradebook export names them
/// `Student`, `ID`, `SIS User ID` and `SIS Login ID`: `Student` is read as the name, `SIS User ID`
/// (else `ID`) as the id, `SIS Login ID` as the email, and the folder name must then be in a
/// `submission` column.
public struct Roster: Sendable {
    public var students: [String: StudentIdentity]

    public static func read(_ url: URL) throws -> Roster {
        let text = try String(contentsOf: url, encoding: .utf8)
        let rows = CSV.parse(text)
        guard let header = rows.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw GraderError.cannotWrite(url.path, reason: "the roster is empty: expected a header row with submission,id,name,email")
        }
        func column(_ names: String...) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        guard let submission = column("submission", "folder") else {
            throw GraderError.cannotWrite(
                url.path, reason: "the roster has no \"submission\" column (the submission folder's name); its columns are \(header)")
        }
        let id = column("id", "sis user id", "student id")
        let name = column("name", "student")
        let email = column("email", "sis login id")
        var students: [String: StudentIdentity] = [:]
        for row in rows.dropFirst() where row.count > submission && !row[submission].isEmpty {
            func value(_ index: Int?) -> String { index.flatMap { $0 < row.count ? row[$0] : nil } ?? "" }
            students[row[submission]] = StudentIdentity(id: value(id), name: value(name), email: value(email))
        }
        return Roster(students: students)
    }
}

/// RFC 4180 CSV, enough for rosters: quoted fields with doubled quotes and line breaks.
enum CSV {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text.replacingOccurrences(of: "\r\n", with: "\n"))[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\n" {
                row.append(field); rows.append(row); row = []; field = ""
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
