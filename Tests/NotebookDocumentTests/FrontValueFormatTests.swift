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

    @Test("one thousands-separator style everywhere: fixed, percentages, numeric texts and captions")
    func thousands() throws {
        #expect(try text(.number(9_941_728_303_775_744), "fixed.0") == "9,941,728,303,775,744")
        #expect(try text(.number(-1500.25), "fixed.1") == "−1,500.2")
        #expect(try text(.number(10.98), "percent.0") == "1,098\u{00A0}%")
        #expect(try text(.number(999), "fixed.0") == "999")
        // A number recorded as text gets a minus sign and separators; other text is left alone.
        #expect(try text(.text("-2.99997"), "") == "−2.99997")
        #expect(try text(.text("10000"), "") == "10,000")
        #expect(try text(.text("MLP 1-128-1"), "") == "MLP 1-128-1")
        #expect(try text(.text("-"), "") == "-")
        // Captions: integers standing alone, not versions, decimals, shapes or words.
        #expect(
            ValueFormat.groupingIntegers(in: "100000 activations a = 1.5, 1500 epochs, MLP 64-1024-10, v6.3.1, seed 2026")
                == "100,000 activations a = 1.5, 1,500 epochs, MLP 64-1024-10, v6.3.1, seed 2026")
        #expect(ValueFormat.groupingIntegers(in: "lr 0.0001, (1000 steps)") == "lr 0.0001, (1,000 steps)")
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
