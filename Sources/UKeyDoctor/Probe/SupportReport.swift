import Certificates
import Diagnosis
import Foundation
import Guides
import Simulator

/// What support staff paste into a chat: the probe in short, the findings, the trees to follow,
/// the people to call, and (from the UI) the path walked. Personal data masked unless asked.
struct SupportReport {
    let report: ProbeReport
    let library: ContentLibrary
    let language: Language
    let redact: Bool
    var walked: [WalkEntry] = []
    var demo: Scenario? = nil

    private var zh: Bool { language == .zh }

    /// The trees the findings lead to, in finding order, without repeats.
    var trees: [Tree] {
        var seen: Set<NodeRef> = []
        return report.findings.compactMap { finding in
            guard let ref = finding.tree, seen.insert(ref).inserted else { return nil }
            return library.profile(ref.profile)?.tree(ref.tree)
        }
    }

    /// The contacts those trees name (remedies, escalations), else the profile's own.
    var contacts: [Contact] {
        var ids: [(String, String)] = []
        for tree in trees {
            for node in tree.nodes { for id in node.contacts where !ids.contains(where: { $0 == (tree.profileID, id) }) { ids.append((tree.profileID, id)) } }
        }
        var result = ids.compactMap { library.contact($0.1, in: $0.0) }
        if result.isEmpty, let profile = report.profile.flatMap({ library.profile($0.id) }) { result = profile.contacts }
        var unique: [Contact] = []
        for contact in result where !unique.contains(where: { $0.id == contact.id && $0.name == contact.name }) { unique.append(contact) }
        return unique
    }

    // MARK: Markdown

    func markdown() -> String {
        var lines: [String] = []
        let text = ProbeText(language: language, redact: redact, library: library)
        lines.append(zh ? "## UKey 检测报告（ukey-doctor \(UKeyDoctorMain.version)）" : "## UKey report (ukey-doctor \(UKeyDoctorMain.version))")
        if let demo { lines.append(Strings.demoBanner(demo.title)[language]) }
        lines.append((zh ? "- 时间：" : "- Time: ") + ProbeText.localTime(report.startedAt) + " · " + report.host.osName)
        if let profile = report.profile, let name = library.profile(profile.id)?.name[language] {
            lines.append((zh ? "- 平台：" : "- Platform: ") + "\(name) (`\(profile.id)`)")
        }
        lines.append((zh ? "- 结论：" : "- Verdict: ") + verdict)
        lines.append("")
        lines.append(zh ? "### 发现的问题" : "### Findings")
        if report.findings.isEmpty { lines.append(zh ? "- 无" : "- none") }
        for finding in report.findings {
            let mark = finding.severity == .error ? "❌" : finding.severity == .warning ? "⚠️" : "ℹ️"
            let message = redact ? Redaction.scrub(finding.message[language]) : finding.message[language]
            var line = "- \(mark) \(message)"
            if let ref = finding.tree, let tree = library.profile(ref.profile)?.tree(ref.tree) {
                line += zh ? " → 处理：《\(tree.title.zh)》`ukey-doctor walk \(ref.profile)/\(ref.tree)`"
                    : " → see “\(tree.title.en)”: `ukey-doctor walk \(ref.profile)/\(ref.tree)`"
            }
            lines.append(line)
        }
        lines.append("")
        lines.append(zh ? "### 检测详情" : "### Probe")
        lines.append("```")
        lines += text.lines(report).prefix { !$0.isEmpty }
        lines.append("```")
        if !walked.isEmpty {
            lines.append("")
            lines.append(zh ? "### 已走过的步骤" : "### Steps walked")
            for (index, entry) in walked.enumerated() {
                guard let node = library.node(entry.ref) else { continue }
                let title = node.title?[language] ?? String(node.text[language].prefix(40))
                var line = "\(index + 1). \(title)"
                if let answer = entry.answer {
                    line += " → " + (node.options.first { $0.id == answer }?.label[language] ?? Strings.answerLabel(answer, language))
                }
                if entry.auto { line += zh ? "（检测自动回答）" : " (answered by the probe)" }
                lines.append(line)
            }
        }
        let contacts = self.contacts
        if !contacts.isEmpty {
            lines.append("")
            lines.append(zh ? "### 联系人" : "### Contacts")
            for contact in contacts {
                lines.append("- " + ContactFormat.lines(contact, language).joined(separator: "；").replacingOccurrences(of: "；  ", with: "；"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var verdict: String {
        let errors = report.findings.filter { $0.severity == .error }.count
        let warnings = report.findings.filter { $0.severity == .warning }.count
        if errors + warnings == 0 { return zh ? "未发现问题" : "nothing wrong found" }
        return zh ? "\(errors) 个错误，\(warnings) 个提醒" : "\(errors) error(s), \(warnings) warning(s)"
    }

    /// A few sentences to read out on the phone.
    var spokenSummary: [String] {
        var lines = [verdict]
        if let certificate = report.primaryCertificate, let summary = certificate.summary, let days = certificate.daysLeft {
            let owner = redact ? Redaction.scrub(summary.owner ?? summary.subject) : (summary.owner ?? summary.subject)
            lines.append((zh ? "证书：" : "Certificate: ") + owner + (zh ? "，" : ", ") + Strings.daysInWords(days)[language])
        }
        for finding in report.findings.prefix(3) { lines.append(finding.message[language]) }
        return lines
    }

    // MARK: JSON

    private func treeJSON(_ tree: Tree) -> JSONValue {
        let pairs: [(String, JSONValue)] = [
            ("profile", .string(tree.profileID)), ("tree", .string(tree.id)), ("title", .string(tree.title[language])),
            ("walk", .string(tree.profileID + "/" + tree.id)), ("source", .string(tree.source)),
        ]
        return .object(pairs)
    }

    func json() -> JSONValue {
        let probe = ProbeJSON(language: language, redact: redact, library: library)
        return .compact([
            ("generatedBy", .string("ukey-doctor \(UKeyDoctorMain.version)")),
            ("demo", demo.map { .string($0.id) }),
            ("verdict", .string(verdict)),
            ("probe", probe.report(report)),
            ("trees", .array(trees.map(treeJSON))),
            ("contacts", .array(contacts.map { ContactFormat.json($0, language, profile: nil) })),
            ("walked", walked.isEmpty ? nil : .array(walked.map { entry in
                .compact([("tree", .string(entry.ref.tree)), ("node", .string(entry.ref.node)), ("kind", .string(entry.kind.rawValue)),
                          ("answer", entry.answer.map(JSONValue.string) ?? .null), ("auto", .bool(entry.auto))])
            })),
        ])
    }
}
