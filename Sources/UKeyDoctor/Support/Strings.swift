import Guides

/// Every user-facing sentence of the program itself, in both languages. (Guide content is in Content/.)
enum Strings {
    static let contentNotFound = LocalizedText(
        zh: "找不到内容目录 Content/；请设置 UKEY_DOCTOR_CONTENT 或重新安装",
        en: "cannot find the Content/ folder; set UKEY_DOCTOR_CONTENT or reinstall")
    static func contentDirectoryMissing(_ path: String) -> LocalizedText {
        .init(zh: "--content 指定的目录不存在：\(path)", en: "the --content folder does not exist: \(path)")
    }
    static func moreContentErrors(_ count: Int) -> LocalizedText {
        .init(zh: "（另有 \(count) 个错误，运行 `ukey-doctor content lint` 查看全部）",
              en: " (and \(count) more; run `ukey-doctor content lint` to see all)")
    }
    static func lintSummary(errors: Int, warnings: Int, files: Int, trees: Int, nodes: Int) -> LocalizedText {
        .init(zh: "\(errors) 个错误，\(warnings) 个警告（\(files) 个文件，\(trees) 棵树，\(nodes) 个节点）",
              en: "\(errors) error(s), \(warnings) warning(s) (\(files) files, \(trees) trees, \(nodes) nodes)")
    }
    static func unknownProfile(_ id: String, known: [String]) -> LocalizedText {
        .init(zh: "没有平台 `\(id)`；可用：\(known.joined(separator: ", "))",
              en: "no profile `\(id)`; known: \(known.joined(separator: ", "))")
    }
    static func unknownTree(_ id: String, profile: String) -> LocalizedText {
        .init(zh: "平台 \(profile) 中没有树 `\(id)`；用 `ukey-doctor search` 或 `walk --list` 查找",
              en: "no tree `\(id)` in profile \(profile); find one with `ukey-doctor search` or `walk --list`")
    }
    static let tryHelp = LocalizedText(zh: "（运行 ukey-doctor --help 查看用法）", en: " (see ukey-doctor --help)")
}
