import CCmarkGFM

/// Parses CommonMark with GitHub tables (cmark-gfm) into `MarkdownNode`s.
enum MarkdownParser {
    static func parse(_ markdown: String) -> MarkdownNode {
        cmark_gfm_core_extensions_ensure_registered()
        let parser = cmark_parser_new(CMARK_OPT_DEFAULT)
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink"] {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        // Empty text is fed as nothing at all (an empty array has no base address).
        let bytes = Array(markdown.utf8).map { CChar(bitPattern: $0) }
        if !bytes.isEmpty {
            bytes.withUnsafeBufferPointer { buffer in
                cmark_parser_feed(parser, buffer.baseAddress, buffer.count)
            }
        }
        let root = cmark_parser_finish(parser)!
        defer { cmark_node_free(root) }
        return convert(root)
    }

    private static func convert(_ node: OpaquePointer) -> MarkdownNode {
        let typeName = String(cString: cmark_node_get_type_string(node))
        let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
        let kind: MarkdownNode.Kind
        switch typeName {
        case "document": kind = .document
        case "paragraph": kind = .paragraph
        case "heading": kind = .heading(level: Int(cmark_node_get_heading_level(node)))
        case "code_block":
            kind = .codeBlock(info: cmark_node_get_fence_info(node).map { String(cString: $0) } ?? "")
        case "html_block": kind = .htmlBlock
        case "block_quote": kind = .blockQuote
        case "list":
            kind = .list(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)))
        case "item": kind = .item
        case "thematic_break": kind = .thematicBreak
        case "table":
            let columns = Int(cmark_gfm_extensions_get_table_columns(node))
            var alignments: [Character] = []
            if let pointer = cmark_gfm_extensions_get_table_alignments(node) {
                for column in 0..<columns {
                    let value = pointer[column]
                    alignments.append(value == 0 ? "l" : Character(UnicodeScalar(value)))
                }
            }
            kind = .table(alignments: alignments)
        case "table_row", "table_header":
            kind = .tableRow(isHeader: cmark_gfm_extensions_get_table_row_is_header(node) != 0 || typeName == "table_header")
        case "table_cell": kind = .tableCell
        case "text": kind = .text
        case "softbreak": kind = .softBreak
        case "linebreak": kind = .lineBreak
        case "code": kind = .code
        case "emph": kind = .emphasis
        case "strong": kind = .strong
        case "link": kind = .link(url: cmark_node_get_url(node).map { String(cString: $0) } ?? "")
        case "image": kind = .image(url: cmark_node_get_url(node).map { String(cString: $0) } ?? "")
        case "html_inline": kind = .htmlInline
        case "strikethrough": kind = .strikethrough
        default: kind = .other(typeName)
        }
        var children: [MarkdownNode] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            children.append(convert(current))
            child = cmark_node_next(current)
        }
        return MarkdownNode(kind: kind, literal: literal, line: Int(cmark_node_get_start_line(node)), children: children)
    }
}
