import Guides

/// Every user-facing sentence of the program itself, in both languages. (Guide content is in Content/.)
enum Strings {
    static let contentNotFound = LocalizedText(
        zh: "找不到内容目录 Content/；请设置 UKEY_DOCTOR_CONTENT 或重新安装",
        en: "cannot find the Content/ folder; set UKEY_DOCTOR_CONTENT or reinstall")
    static func contentDirectoryMissing(_ path: String) -> LocalizedText {
        .init(zh: "--content 指定的目录不存在：\(path)", en: "the --content folder does not exist: \(path)")
    }
    /// Names the same `--content` folders: a plain `content lint` would not look at them and report none.
    static func moreContentErrors(_ count: Int, overlays: [String] = []) -> LocalizedText {
        let command = (["ukey-doctor content lint"] + overlays.map { "--content " + shellWord($0) }).joined(separator: " ")
        return .init(zh: "（另有 \(count) 个错误，运行 `\(command)` 查看全部）",
                     en: " (and \(count) more; run `\(command)` to see all)")
    }
    /// A path as one shell word: quoted only when it needs it.
    static func shellWord(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || "0123456789/._-+=:,@%".unicodeScalars.contains($0) }
        return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
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

extension Strings {
    static func treeNowhere(_ id: String) -> LocalizedText {
        .init(zh: "没有树 `\(id)`；用 `ukey-doctor search` 查找", en: "no tree `\(id)`; find one with `ukey-doctor search`")
    }
    static func treeAmbiguous(_ id: String, _ profiles: [String]) -> LocalizedText {
        .init(zh: "多个平台都有树 `\(id)`（\(profiles.joined(separator: ", "))）；请加 --profile 或写成 平台/\(id)",
              en: "several profiles have a tree `\(id)` (\(profiles.joined(separator: ", "))); add --profile or write PROFILE/\(id)")
    }
    static func noSearchResults(_ query: String) -> LocalizedText {
        .init(zh: "没有找到与“\(query)”相关的问题。请换个说法，或只输入报错中的几个关键字。",
              en: "Nothing found for “\(query)”. Try other words, or just a few words of the error.")
    }
    static func matched(_ language: Language) -> String { language == .zh ? "匹配" : "matched" }
    static func searchHint(_ profile: String, _ tree: String) -> LocalizedText {
        .init(zh: "下一步：ukey-doctor walk \(profile)/\(tree)", en: "Next: ukey-doctor walk \(profile)/\(tree)")
    }
    static func contactFor(_ language: Language) -> String { language == .zh ? "负责" : "For" }

    struct ContactLabels {
        var phone, wechat, qq, email, url, hours, address, note: String
    }
    static func contactLabels(_ language: Language) -> ContactLabels {
        language == .zh
            ? ContactLabels(phone: "电话", wechat: "微信", qq: "QQ", email: "邮箱", url: "网址", hours: "时间", address: "地址", note: "说明")
            : ContactLabels(phone: "Phone", wechat: "WeChat", qq: "QQ", email: "E-mail", url: "Web", hours: "Hours", address: "Address", note: "Note")
    }
}

extension Strings {
    static func kindName(_ kind: Node.Kind, _ language: Language) -> String {
        switch (kind, language) {
        case (.question, .zh): "问题"
        case (.question, .en): "question"
        case (.check, .zh): "检查"
        case (.check, .en): "check"
        case (.step, .zh): "步骤"
        case (.step, .en): "step"
        case (.remedy, .zh): "处理办法"
        case (.remedy, .en): "remedy"
        case (.escalate, .zh): "请求协助"
        case (.escalate, .en): "ask for help"
        case (.done, .zh): "完成"
        case (.done, .en): "done"
        }
    }
    static func answerLabel(_ answer: String, _ language: Language) -> String {
        switch answer {
        case WalkSession.notFixed: language == .zh ? "没有解决" : "did not help"
        case WalkSession.stepDone: language == .zh ? "下一步" : "next"
        default: answer
        }
    }
    static func autoAnswered(_ observed: FactObservation, _ language: Language) -> String {
        let meaning = FactCatalog.definition(observed.fact)?.meaning[language] ?? observed.fact
        let value = factValue(observed.value, language)
        return language == .zh
            ? "（检测自动回答：\(meaning) = \(value)，所以选“\(observed.result ? "是" : "否")”）"
            : "(answered by the probe: \(meaning) = \(value), so “\(observed.result ? "yes" : "no")”)"
    }

    /// A fact's value in words: yes/no, a number, or a renewal status.
    static func factValue(_ value: FactValue, _ language: Language) -> String {
        switch value {
        case .bool(let flag): language == .zh ? (flag ? "是" : "否") : (flag ? "yes" : "no")
        case .int(let number): String(number)
        case .string(let text):
            switch text {
            case "not-due": language == .zh ? "还不需要延期" : "not due yet"
            case "due": language == .zh ? "可以延期" : "renewable now"
            case "overdue-renewable": language == .zh ? "已过期但仍可延期" : "expired but still renewable"
            case "too-late": language == .zh ? "已超过延期期限" : "past the renewal deadline"
            default: text
            }
        }
    }
    static func tellThem(_ language: Language) -> String { language == .zh ? "请告诉对方：" : "Tell them: " }
    static func contactsHeading(_ language: Language) -> String { language == .zh ? "联系人：" : "Contacts:" }
    static func optionsHeading(_ language: Language) -> String { language == .zh ? "可选回答：" : "Answers:" }
    static func sourceLabel(_ language: Language) -> String { language == .zh ? "出处：" : "Source: " }
    static func linePrompt(_ language: Language) -> String { language == .zh ? "请选择编号（b 返回，q 退出）> " : "Choose a number (b back, q quit)> " }
    static func linePromptStep(_ language: Language) -> String { language == .zh ? "完成后按回车（b 返回，q 退出）> " : "Press Enter when done (b back, q quit)> " }
    static func lineInvalid(_ language: Language) -> String { language == .zh ? "没有这个选项，请重新输入。" : "No such answer; try again." }
    static func atStart(_ language: Language) -> String { language == .zh ? "已经在第一步。" : "Already at the first step." }
    static func badFact(_ item: String) -> LocalizedText {
        .init(zh: "--fact 写法不对：\(item)（应为 名称=值，名称见 Content/SCHEMA.md）",
              en: "bad --fact: \(item) (expected NAME=VALUE; names in Content/SCHEMA.md)")
    }
    static func badAnswer(_ answer: String, at node: String, error: WalkError) -> LocalizedText {
        switch error {
        case .notAnOption(_, let allowed):
            .init(zh: "在节点 \(node) 回答“\(answer)”无效；可用：\(allowed.joined(separator: ", "))",
                  en: "answer “\(answer)” at node \(node) is not valid; expected one of: \(allowed.joined(separator: ", "))")
        default:
            walkError(error)
        }
    }
    static func answersLeftOver(_ answer: String, at node: String) -> LocalizedText {
        .init(zh: "走到 \(node) 已结束，多余的回答从“\(answer)”开始", en: "the walk ended at \(node); answers left over from “\(answer)”")
    }
    static func walkError(_ error: WalkError) -> LocalizedText {
        switch error {
        case .unknownTree(let id): treeNowhere(id)
        case .missingNode(let ref): .init(zh: "节点不存在：\(ref)", en: "node does not exist: \(ref)")
        case .notAnOption(let answer, let allowed):
            .init(zh: "回答“\(answer)”无效；可用：\(allowed.joined(separator: ", "))", en: "answer “\(answer)” is not valid; expected: \(allowed.joined(separator: ", "))")
        case .finished: .init(zh: "这条路径已经走完", en: "the walk has ended")
        }
    }
}

import Certificates
import SmartCard

extension Strings {
    /// "20 days left", "expires today", "expired 10 days ago" — in words, as the UI shows it.
    static func daysInWords(_ days: Int) -> LocalizedText {
        switch days {
        case 0: .init(zh: "今天到期", en: "expires today")
        case 1...: .init(zh: "还剩 \(days) 天", en: "\(days) \(days == 1 ? "day" : "days") left")
        default: .init(zh: "已过期 \(-days) 天", en: "expired \(-days) \(days == -1 ? "day" : "days") ago")
        }
    }

    static func renewalStatus(_ renewal: RenewalEvaluation) -> LocalizedText {
        switch renewal.status {
        case .notDue:
            let opens = renewal.windowOpensInDays.map { LocalizedText(zh: "，\($0) 天后可以延期", en: "; renewable in \($0) days") } ?? .empty
            return .init(zh: "还不需要延期" + opens.zh, en: "not due yet" + opens.en)
        case .due:
            return .init(zh: "可以延期", en: "can be renewed now")
        case .overdueRenewable:
            let closes = renewal.windowClosesInDays.map { LocalizedText(zh: "，还可延期 \($0) 天", en: "; \($0) days left to do it") } ?? .empty
            return .init(zh: "已过期，仍可延期" + closes.zh, en: "expired, still renewable" + closes.en)
        case .tooLate:
            return .init(zh: "已超过延期期限", en: "past the renewal deadline")
        }
    }

    static func cardError(_ error: SmartCardError) -> LocalizedText {
        switch error {
        case .noService: .init(zh: "智能卡服务没有运行", en: "the smart-card service is not running")
        case .noAccess: .init(zh: "智能卡服务拒绝访问", en: "the smart-card service refused access")
        case .noReaders: .init(zh: "没有读卡器", en: "no reader")
        case .unknownReader(let name): .init(zh: "读卡器 \(name) 已不在", en: "reader \(name) is gone")
        case .noCard: .init(zh: "读卡器中没有卡", en: "no card in the reader")
        case .cardRemoved: .init(zh: "检测过程中 UKey 被拔出", en: "the UKey was pulled out during the probe")
        case .cardReset: .init(zh: "UKey 被其他程序重置", en: "another program reset the UKey")
        case .cardMute: .init(zh: "UKey 无应答", en: "the UKey does not answer")
        case .cardInUse: .init(zh: "UKey 被其他程序独占", en: "another program holds the UKey")
        case .notTransacted: .init(zh: "与 UKey 的通信中断", en: "the exchange with the UKey broke off")
        case .protocolMismatch: .init(zh: "通信协议不匹配", en: "protocol mismatch")
        case .timeout: .init(zh: "超时", en: "timed out")
        case .refused(let rule): .init(zh: "安全规则拒绝发送该命令（\(rule)）", en: "the safety allowlist refused a command (\(rule))")
        case .malformedResponse(let what): .init(zh: "UKey 的应答无法解析（\(what)）", en: "the UKey's answer cannot be read (\(what))")
        case .other(let code, let text): .init(zh: "PC/SC 错误 0x\(String(code, radix: 16, uppercase: true))：\(text)", en: "PC/SC error 0x\(String(code, radix: 16, uppercase: true)): \(text)")
        }
    }

    static func certificateError(_ error: CertificateError) -> LocalizedText {
        switch error {
        case .empty:
            .init(zh: "文件是空的", en: "the file is empty")
        case .tooLarge(let count, let limit):
            .init(zh: "文件有 \(count) 字节，超过证书的上限 \(limit) 字节，不是证书", en: "the file is \(count) bytes, more than the \(limit)-byte limit for a certificate")
        case .truncated(let expected?, let actual):
            .init(zh: "证书数据不完整：只有 \(expected) 字节中的 \(actual) 字节", en: "the certificate is cut short: \(actual) of \(expected) bytes")
        case .truncated(nil, let actual):
            .init(zh: "证书数据在 \(actual) 字节后中断", en: "the certificate is cut short after \(actual) bytes")
        case .notACertificate(let reason):
            .init(zh: "不是证书（\(reason)）", en: "not a certificate (\(reason))")
        case .pemWithoutCertificate(let labels):
            if labels.contains(where: { $0.hasSuffix("PRIVATE KEY") }) {
                .init(zh: "这是私钥文件，不是证书", en: "this is a private key, not a certificate")
            } else if labels.contains(where: { $0.hasSuffix("PUBLIC KEY") }) {
                .init(zh: "这是公钥文件，不是证书", en: "this is a public key, not a certificate")
            } else if labels.contains(where: { $0.contains("CERTIFICATE REQUEST") }) {
                .init(zh: "这是证书请求文件，不是证书", en: "this is a certificate request, not a certificate")
            } else {
                .init(zh: "PEM 文件中没有证书（有：\(labels.joined(separator: ", "))）", en: "no certificate in this PEM file (found: \(labels.joined(separator: ", ")))")
            }
        }
    }
}

extension Strings {
    static func unknownScenario(_ id: String, known: [String]) -> LocalizedText {
        .init(zh: "没有演示场景 `\(id)`；可用：\(known.joined(separator: ", "))", en: "no demo scenario `\(id)`; known: \(known.joined(separator: ", "))")
    }
    static func scenarioBuildFailed(_ id: String, _ reason: String) -> LocalizedText {
        .init(zh: "演示场景 `\(id)` 无法使用：\(reason)", en: "demo scenario `\(id)` cannot be used: \(reason)")
    }
    static func demoBanner(_ title: LocalizedText) -> LocalizedText {
        .init(zh: "【演示】模拟的 UKey：\(title.zh)", en: "[DEMO] simulated UKey: \(title.en)")
    }
}

extension Strings {
    static func fileMissing(_ path: String) -> LocalizedText {
        .init(zh: "找不到文件：\(path)", en: "no such file: \(path)")
    }
    static func fileUnreadable(_ path: String) -> LocalizedText {
        .init(zh: "无法读取文件：\(path)（权限不足？）", en: "cannot read the file: \(path) (permissions?)")
    }
    static func notACertificateFile(_ path: String, _ reason: LocalizedText) -> LocalizedText {
        .init(zh: "\(path)：\(reason.zh)。请导出 PEM 或 DER 格式的证书（.cer/.crt/.pem）",
              en: "\(path): \(reason.en). Export the certificate as PEM or DER (.cer/.crt/.pem)")
    }
    static func certificateFileHeading(_ path: String) -> LocalizedText {
        .init(zh: "证书文件 \(path)", en: "Certificate file \(path)")
    }
}

extension Strings {
    static func noTerminal(_ reason: String) -> LocalizedText {
        .init(zh: "全屏界面需要一个终端（\(reason)）；可改用 ukey-doctor probe / walk / search",
              en: "the full-screen assistant needs a terminal (\(reason)); use ukey-doctor probe / walk / search instead")
    }
}
