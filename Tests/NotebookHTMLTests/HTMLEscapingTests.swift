import Testing

@testable import NotebookHTML

@Suite struct HTMLEscapingTests {
    @Test("markup characters in lesson text become character references")
    func escapesMarkup() {
        let hostile = #"<script>alert("x")</script> & <img src=x onerror='y'>"#
        let escaped = HTMLEscaping.text(hostile)
        #expect(!escaped.contains("<") && !escaped.contains(">") && !escaped.contains("\"") && !escaped.contains("'"))
        #expect(escaped == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=&#39;y&#39;&gt;")
        #expect(HTMLEscaping.text("p ≈ 0.5 → λ") == "p ≈ 0.5 → λ")
    }
}
