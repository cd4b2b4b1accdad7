import Testing

@testable import NotebookDocument

@Suite struct FrontValueFormatTests {
    func text(_ value: ResultValue, _ spec: String) throws -> String {
        try ValueFormat.parse(spec).format(value)
    }

    @Test("0.9123 as a percentage with one decimal is 91.2 %")
    func percent() throws {
        #expect(try text(.number(0.9123), "percent.1") == "91.2\u{00A0}%")
        #expect(try text(.number(0.9123), "percent") == "91.2\u{00A0}%")
        #expect(try text(.number(0.9123), "percent.0") == "91\u{00A0}%")
    }

    @Test("fixed decimals, integers with thousands separators, scientific, minus sign")
    func styles() throws {
        #expect(try text(.number(0.91234), "fixed.3") == "0.912")
        #expect(try text(.number(1797), "int") == "1,797")
        #expect(try text(.number(1_234_567.4), "int") == "1,234,567")
        #expect(try text(.number(-0.25), "fixed.2") == "−0.25")
        #expect(try text(.number(-0.0001), "fixed.2") == "0.00")
        #expect(try text(.number(0.00012), "sci.1") == "1.2 × 10⁻⁴")
        #expect(try text(.number(12), "") == "12")
    }

    @Test("a sample prints as mean ± standard deviation")
    func meanAndSpread() throws {
        let sample = ResultValue.sample([0.90, 0.92, 0.94])
        #expect(try text(sample, "percent.1") == "92.0 ± 2.0\u{00A0}%")
        #expect(try text(sample, "mean-std fixed.3") == "0.920 ± 0.020")
        #expect(try text(sample, "mean fixed.2") == "0.92")
        #expect(try text(sample, "std fixed.2") == "0.02")
        #expect(try text(sample, "count") == "3")
        #expect(try text(sample, "max percent.0") == "94\u{00A0}%")
    }

    @Test("a text takes no format; a number takes no statistic")
    func mismatches() {
        #expect(throws: ValueFormatError.self) { try text(.text("p = 0.5"), "percent") }
        #expect(throws: ValueFormatError.self) { try text(.number(1), "mean") }
        #expect(throws: ValueFormatError.self) { try ValueFormat.parse("percentage.1") }
        #expect(throws: ValueFormatError.self) { try ValueFormat.parse("fixed.x") }
    }
}
