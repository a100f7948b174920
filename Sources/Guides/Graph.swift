/// A tree drawn as Graphviz DOT or Mermaid, for content authors and trainers.
public enum TreeGraph {
    public enum Format: String, Sendable, CaseIterable { case dot, mermaid }

    public static func render(_ tree: Tree, format: Format, language: Language) -> String {
        switch format {
        case .dot: dot(tree, language)
        case .mermaid: mermaid(tree, language)
        }
    }

    /// Edges of the tree: (from, to-node-id-or-external, label, external?).
    static func edges(_ tree: Tree, _ language: Language) -> [(from: String, to: String, label: String, external: Bool)] {
        tree.nodes.flatMap { node -> [(String, String, String, Bool)] in
            var result: [(String, String, String, Bool)] = node.options.map { option in
                let (to, external) = destination(option.next)
                return (node.id, to, option.label[language], external)
            }
            if let next = node.next {
                let (to, external) = destination(next)
                let label = node.kind == .remedy ? (language == .zh ? "没有解决" : "did not help") : ""
                result.append((node.id, to, label, external))
            }
            return result
        }
    }

    static func destination(_ target: Target) -> (String, Bool) {
        switch target.destination {
        case .node(let id): (id, false)
        case .tree: (target.written, true)
        }
    }

    static func label(_ node: Node, _ language: Language) -> String {
        let text = node.title?[language] ?? node.text[language]
        let short = text.count > 40 ? String(text.prefix(39)) + "…" : text
        return "\(node.id)\n\(short)"
    }

    static func dot(_ tree: Tree, _ language: Language) -> String {
        func quote(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        let shapes: [Node.Kind: String] = [.question: "diamond", .check: "hexagon", .step: "box", .remedy: "box, style=\"rounded,filled\", fillcolor=\"#d5f5d5\"",
                                           .escalate: "box, style=\"rounded,filled\", fillcolor=\"#f5e0c0\"", .done: "doublecircle"]
        var lines = ["digraph \(quote(tree.id)) {", "  label=\(quote(tree.title[language]));", "  node [fontname=\"Noto Sans CJK SC\"];"]
        for node in tree.nodes {
            lines.append("  \(quote(node.id)) [shape=\(shapes[node.kind] ?? "box"), label=\(quote(label(node, language)))];")
        }
        var externals = Set<String>()
        for edge in edges(tree, language) {
            if edge.external, externals.insert(edge.to).inserted {
                lines.append("  \(quote(edge.to)) [shape=note, style=dashed];")
            }
            let attributes = edge.label.isEmpty ? "" : " [label=\(quote(edge.label))]"
            lines.append("  \(quote(edge.from)) -> \(quote(edge.to))\(attributes);")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    static func mermaid(_ tree: Tree, _ language: Language) -> String {
        // Mermaid ids must be plain; labels go in quotes with quotes replaced.
        func id(_ raw: String) -> String { "n_" + raw.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined() }
        func text(_ raw: String) -> String {
            raw.replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: "\n", with: "<br/>")
        }
        var lines = ["flowchart TD", "  %% \(tree.id): \(text(tree.title[language]))"]
        for node in tree.nodes {
            let label = text(label(node, language))
            switch node.kind {
            case .question, .check: lines.append("  \(id(node.id)){\"\(label)\"}")
            case .done: lines.append("  \(id(node.id))((\"\(label)\"))")
            case .remedy, .escalate: lines.append("  \(id(node.id))([\"\(label)\"])")
            case .step: lines.append("  \(id(node.id))[\"\(label)\"]")
            }
        }
        for edge in edges(tree, language) {
            if edge.external { lines.append("  \(id(edge.to))>\"\(text(edge.to))\"]") }
            let arrow = edge.label.isEmpty ? "-->" : "-->|\"\(text(edge.label))\"|"
            lines.append("  \(id(edge.from)) \(arrow) \(id(edge.to))")
        }
        return lines.joined(separator: "\n")
    }
}
