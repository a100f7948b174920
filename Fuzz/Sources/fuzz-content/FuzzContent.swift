// Content as a site's author writes it. The input is one or more files: lines `#= PATH` (a YAML
// comment) start a file at PATH under the content root, or at the place of a role: `#= tree`,
// `#= profile`, `#= contacts`, `#= site`. Text before the first marker is a tree. The files
// overlay a small valid `common` profile, as a site's folder overlays the shipped content, and
// are compiled (parse, decode, merge, lint). Content without errors is then used as the app
// uses it: searched, drawn as graphs, walked, its renewal rules evaluated. The first line is
// also a search query over the shipped guides and a check node's condition.
import Certificates
import Foundation
import FuzzSupport
import Guides

/// A minimal `common`: a contact and one tree that claims every finding, so the whole-library
/// checks pass for any profile the input adds.
let base: [ContentFile] = [
    ContentFile(relativePath: "profiles/common/profile.yaml", displayPath: "base/profile.yaml", text: """
        id: common
        name: {zh: 通用, en: Common}
        menu: [start]
        """),
    ContentFile(relativePath: "profiles/common/contacts.yaml", displayPath: "base/contacts.yaml", text: """
        contacts:
          - {id: site-it, name: {zh: 信息科, en: IT desk}, role: {zh: 支持, en: Support}, phone: "010-12345678", source: "ukey-doctor: base"}
        """),
    ContentFile(relativePath: "profiles/common/trees/start.yaml", displayPath: "base/start.yaml", text: """
        id: start
        title: {zh: 开始, en: Start}
        source: "ukey-doctor: base"
        findings: [\(FindingCatalog.all.map(\.id).joined(separator: ", "))]
        start: ask
        nodes:
          - {id: ask, kind: question, text: {zh: 好吗, en: OK?}, source: "ukey-doctor: base",
             options: [{id: yes, next: fixed}, {id: no, next: call}]}
          - {id: fixed, kind: done, text: {zh: 好, en: Good}, source: "ukey-doctor: base"}
          - {id: call, kind: escalate, text: {zh: 打电话, en: Call}, contacts: [site-it], source: "ukey-doctor: base"}
        """),
]

let roles = [
    "tree": "profiles/common/trees/fuzzed.yaml", "profile": "profiles/common/profile.yaml",
    "contacts": "profiles/common/contacts.yaml", "site": "site.yaml",
]

/// Splits the input at `#= PATH` lines.
func files(in text: String) -> [ContentFile] {
    var files: [ContentFile] = []
    var path = roles["tree"]!
    var lines: [Substring] = []
    func flush() {
        if !lines.isEmpty || !files.isEmpty {
            files.append(ContentFile(relativePath: path, displayPath: "fuzz/" + path, text: lines.joined(separator: "\n")))
        }
        lines = []
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("#= ") {
            flush()
            let name = String(line.dropFirst(3))
            path = roles[name] ?? name
        } else {
            lines.append(line)
        }
    }
    flush()
    return files
}

let shippedIndex = SearchIndex(library: ShippedContent.library)
/// UKD_FUZZ_SHOW=1 prints each input's errors: to check that a seed reaches the valid stage.
let showErrors = ProcessInfo.processInfo.environment["UKD_FUZZ_SHOW"] != nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzContent(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: fuzzInput(data, size), as: UTF8.self)
    let result = ContentCompiler.compile(layers: [base, files(in: text)])
    for issue in result.issues {
        consume(issue.formatted(.zh))
        consume(issue.formatted(.en))
    }

    let firstLine = String(text.prefix { $0 != "\n" }.prefix(64))
    consume(shippedIndex.search(firstLine))
    consume(FactExpression.parse(firstLine))

    if showErrors { print(result.errors.isEmpty ? "valid" : result.errors.map { $0.formatted(.en) }.joined(separator: "\n")) }
    // Every command but lint stops on errors; what passes must be usable.
    guard result.errors.isEmpty else { return 0 }
    let library = result.library
    consume(SearchIndex(library: library).search(firstLine))
    for profile in library.profiles {
        if let rule = profile.rule(.renewalWindow) {
            let window = RenewalWindow(renewFromDaysBefore: rule.renewFromDaysBefore, renewUntilDaysAfter: rule.renewUntilDaysAfter)
            for days in [-100_000.0, -31, -1, 0, 1, 29, 31, 100_000] {
                consume(window.evaluate(notAfter: fuzzNow.addingTimeInterval(days * 86_400), now: fuzzNow))
            }
        }
        for tree in profile.trees {
            for format in TreeGraph.Format.allCases { consume(TreeGraph.render(tree, format: format, language: .zh)) }
            walk(tree, library)
        }
    }
    return 0
}

/// Takes the first choice, then the last, … for a bounded number of moves; goes back once at the end.
func walk(_ tree: Tree, _ library: ContentLibrary) {
    guard let session = try? WalkSession(library: library, start: tree.startRef) else { return }
    for move in 0..<32 {
        let choices = session.choices
        guard let choice = move % 2 == 0 ? choices.first : choices.last else { break }
        do { try session.answer(choice.id) } catch { break }
        consume(session.node.text)
    }
    session.back()
    consume(session.path)
}
