import Foundation
import Testing

@testable import NotebookDocument

/// The references file, `{cite}` in lesson sources, and the reference lists built from them.
@Suite struct BibliographyTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func reference(_ id: String, _ surname: String, year: Int = 2014, title: String = "A paper") -> Reference {
        Reference(id: id, authors: ["Ann \(surname)", "Bo Other"], title: title, venue: "Some Venue", year: year, url: "https://example.org/\(id)")
    }

    static let bibliography = try! Bibliography([
        reference("srivastava2014", "Srivastava"), reference("hinton2012", "Hinton", year: 2012),
        reference("zhang2017", "Zhang", year: 2017), reference("zhang2018", "Zhang", year: 2018),
    ])

    func assembleCiting(_ source: String, bibliography: Bibliography? = Self.bibliography) throws -> LessonAssembler.Output {
        var context = LessonAssembler.Context(
            file: "lessons/test.md", results: sampleResults(), snippets: try snippetsForTests(), seed: 7, quick: false)
        context.bibliography = bibliography
        return try LessonAssembler(context: context).assemble(source)
    }

    func errors(_ source: String, bibliography: Bibliography? = Self.bibliography) throws -> [String] {
        do {
            _ = try assembleCiting(source, bibliography: bibliography)
            return []
        } catch let failure as LessonSourceErrors {
            return failure.errors.map(\.description)
        }
    }

    func parseError(_ json: String) -> String {
        do {
            _ = try Bibliography.parse(Data(json.utf8))
            return "(parsed)"
        } catch {
            return "\(error)"
        }
    }

    @Test("the course's references file parses; every entry has a DOI or an address")
    func courseFile() throws {
        let bibliography = try Bibliography.read(from: Self.packageRoot.appendingPathComponent(Bibliography.path))
        #expect(bibliography.references.count >= 9)
        for id in ["hinton2012", "srivastava2014", "li2019", "ba2016", "hinton2015", "zhang2017", "zhang2018", "huang2016", "ioffe2015"] {
            #expect(bibliography[id] != nil, "missing \(id)")
        }
        for reference in bibliography.references {
            #expect(reference.doi != nil || reference.url != nil, "\(reference.id) has neither a DOI nor a URL")
        }
        #expect(bibliography["li2019"]?.doi == "10.1109/CVPR.2019.00279")
    }

    @Test("citations are numbered in order of first citation and link to their entries")
    func numbering() throws {
        let output = try assembleCiting(
            "# T\n\nFirst {cite}`hinton2012, srivastava2014`, then {cite}`zhang2017` and again {cite}`srivastava2014`.\n")
        #expect(output.references.map(\.id) == ["hinton2012", "srivastava2014", "zhang2017"])
        let paragraph = try #require(firstParagraph(output.blocks))
        #expect(paragraph.plainText == "First [1, 2], then [3] and again [2].")
        let links = paragraph.compactMap { inline -> String? in
            if case .internalLink(let label, _) = inline { return label } else { return nil }
        }
        #expect(links == ["cite-hinton2012", "cite-srivastava2014", "cite-zhang2017", "cite-srivastava2014"])
        let section = ReferenceList.section(output.references)
        guard section.count == 2, case .heading(let heading) = section[0], case .references(let list) = section[1] else {
            Issue.record("expected a heading and a list, got \(section)")
            return
        }
        #expect(heading.content.plainText == "References" && !heading.numbered)
        #expect(list.entries.map(\.number) == [1, 2, 3])
        #expect(ReferenceList.section([]).isEmpty)
        // The numbering gives every entry a destination the citations resolve to.
        let document = Document(title: "T", chapters: [Chapter(title: "T", blocks: output.blocks + section)])
        let numbering = try DocumentNumbering(document)
        #expect(try numbering.resolve("cite-zhang2017", fromChapter: 0).destination == "c1-citation-3")
        #expect(try numbering.resolve("cite-zhang2017", fromChapter: 0).number == "3")
    }

    @Test("an unknown id fails with file:line and the nearest ids; so does a build without a references file")
    func unknownID() throws {
        let found = try errors("# T\n\nText.\n\nAs shown {cite}`srivastava2015, hinton2012`.\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("lessons/test.md:5: unknown reference `srivastava2015` (did you mean `srivastava2014`?)") == true)
        #expect(found.first?.contains("lessons/references.json") == true)
        #expect(try errors("# T\n\n{cite}`hinton2012`\n", bibliography: nil).first?.contains("needs the references file lessons/references.json") == true)
        #expect(try errors("# T\n\n{cite}`hinton2012,`\n").first?.contains("needs reference ids separated by commas") == true)
        #expect(try errors("# T\n\n{cit}`hinton2012`\n").first?.contains("did you mean `cite`") == true)
    }

    @Test("a malformed references file names the file, the entry and the fix")
    func malformed() {
        let good = #"{"id": "a2020", "authors": ["A B"], "title": "T", "venue": "V", "year": 2020"#
        #expect(parseError("[\(good), \"doi\": \"10.1000/x\"}]") == "(parsed)")
        #expect(parseError("[\(good)} \(good)}]").hasPrefix("lessons/references.json: is not valid JSON"))
        #expect(parseError(#"{"a2020": {}}"#).contains("must be a JSON array of entries"))
        #expect(parseError(#"[{"id": "x1", "authors": ["A"], "venue": "V", "year": 2020}]"#)
            == "lessons/references.json: entry 1 (`x1`): missing `title`; every entry needs id, authors, title, venue and year")
        #expect(parseError("[\(good), \"dio\": \"10.1000/x\"}]").contains("entry 1 (`a2020`): unknown field `dio` (did you mean `doi`"))
        #expect(parseError("[\(good), \"doi\": \"https://doi.org/10.1000/x\"}]").contains("`doi` must look like `10.1109/CVPR.2019.00279`"))
        #expect(parseError("[\(good), \"url\": \"javascript:alert(1)\"}]").contains("`url` must be an http(s) address"))
        #expect(parseError("[\(good)}, \(good)}]").contains("entry 2 (`a2020`): the id `a2020` is already used by entry 1"))
        #expect(parseError(#"[{"id": "a b", "authors": ["A"], "title": "T", "venue": "V", "year": 2020}]"#).contains("may use only letters, digits and `-`"))
        #expect(parseError(#"[{"id": "x", "authors": "A B", "title": "T", "venue": "V", "year": 2020}]"#).contains("`authors` must be an array"))
        #expect(parseError(#"[{"id": "x", "authors": ["A"], "title": "T", "venue": "V", "year": "2020"}]"#).contains("`year` must be a whole number"))
    }

    @Test("an entry prints authors, title, venue, year and its DOI and address as links")
    func formatting() {
        let reference = Reference(
            id: "li2019", authors: ["Xiang Li", "Shuo Chen", "Xiaolin Hu"], title: "Variance Shift", venue: "CVPR",
            year: 2019, doi: "10.1109/CVPR.2019.00279", url: "https://example.org/li")
        #expect(reference.formatted.plainText
            == "Xiang Li, Shuo Chen and Xiaolin Hu. Variance Shift. CVPR, 2019. doi:10.1109/CVPR.2019.00279 https://example.org/li")
        #expect(reference.formatted.contains(.link(url: "https://doi.org/10.1109/CVPR.2019.00279", content: [.text("doi:10.1109/CVPR.2019.00279")])))
        #expect(Reference(id: "q", authors: ["A"], title: "Why?", venue: "V", year: 1).formatted.plainText == "A. Why? V, 1.")
    }

    @Test("the course appendix lists each cited work once, sorted by first author and year")
    func appendix() throws {
        let b = Self.bibliography
        let one = Chapter(title: "One", blocks: ReferenceList.section([b["zhang2018"]!, b["srivastava2014"]!]))
        let two = Chapter(title: "Two", blocks: ReferenceList.section([b["srivastava2014"]!, b["zhang2017"]!, b["hinton2012"]!]))
        let appendix = try #require(Chapter.referencesAppendix(of: [one, two, Chapter(title: "Three", blocks: [])]))
        guard case .references(let list) = appendix.blocks.last else {
            Issue.record("no reference list in the appendix")
            return
        }
        #expect(list.entries.map(\.reference.id) == ["hinton2012", "srivastava2014", "zhang2017", "zhang2018"])
        #expect(list.entries.map(\.number) == [1, 2, 3, 4])
        #expect(Chapter.referencesAppendix(of: [Chapter(title: "None", blocks: [])]) == nil)
    }
}
