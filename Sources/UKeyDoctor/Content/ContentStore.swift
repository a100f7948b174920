import ContentLocation
import Foundation
import Guides

/// Finds the shipped content and the overlays, reads them, and compiles them (the I/O edge of Guides).
enum ContentStore {
    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Every layer: shipped, then /etc/ukey-doctor, then each `--content DIR` in order.
    static func layerDirectories(overlays: [String], environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(CommandFailure) -> [String]
    {
        guard let shipped = ContentLocation.shippedDirectory(environment: environment) else {
            throw CommandFailure(.usage, Strings.contentNotFound)
        }
        var layers = [shipped]
        let site = ContentLocation.siteDirectory(environment: environment)
        if isDirectory(site) {
            layers.append(site)
        }
        for overlay in overlays {
            guard isDirectory(overlay) else {
                throw CommandFailure(.usage, Strings.contentDirectoryMissing(overlay))
            }
            layers.append(overlay)
        }
        return layers
    }

    /// The YAML files under `root`, with paths relative to it; unreadable or non-UTF-8 files become issues.
    static func readLayer(_ root: String) -> (files: [ContentFile], issues: [ContentIssue]) {
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        var files: [ContentFile] = []
        var issues: [ContentIssue] = []
        guard let enumerator = FileManager.default.enumerator(at: rootURL, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return ([], [])
        }
        let cwd = FileManager.default.currentDirectoryPath + "/"
        for case let url as URL in enumerator {
            let name = url.lastPathComponent
            guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
            let path = url.standardizedFileURL.path
            let relative = String(path.dropFirst(rootURL.path.count + 1))
            let display = path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
            guard let data = FileManager.default.contents(atPath: path) else {
                issues.append(ContentIssue(.yamlSyntax, at: SourceLocation(file: display, line: 1, column: 1),
                                           .init(zh: "无法读取文件", en: "cannot read the file")))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                issues.append(ContentIssue(.yamlSyntax, at: SourceLocation(file: display, line: 1, column: 1),
                                           .init(zh: "文件不是 UTF-8 编码", en: "the file is not UTF-8")))
                continue
            }
            files.append(ContentFile(relativePath: relative, displayPath: display, text: text))
        }
        return (files, issues)
    }

    /// Compiles all layers; read problems are merged into the result's issues.
    static func compile(layers: [String], checkScenario: ContentCompiler.ScenarioCheck? = nil) -> ContentCompiler.Result {
        var readIssues: [ContentIssue] = []
        let fileLayers = layers.map { root -> [ContentFile] in
            let (files, issues) = readLayer(root)
            readIssues += issues
            return files
        }
        var result = ContentCompiler.compile(layers: fileLayers, checkScenario: checkScenario)
        result.issues = (result.issues + readIssues).sorted()
        return result
    }

    /// Content for every command but lint: broken content stops the command (exit 2) with its first error.
    /// Scenario files are checked by lint, and by --demo when it loads one, not at every start.
    static func load(overlays: [String], language: Language) throws(CommandFailure) -> ContentCompiler.Result {
        let result = compile(layers: try layerDirectories(overlays: overlays))
        if let first = result.errors.first {
            let more = result.errors.count > 1 ? Strings.moreContentErrors(result.errors.count - 1, overlays: overlays) : .empty
            throw CommandFailure(.usage, LocalizedText(
                zh: first.formatted(.zh) + more.zh, en: first.formatted(.en) + more.en))
        }
        return result
    }
}
