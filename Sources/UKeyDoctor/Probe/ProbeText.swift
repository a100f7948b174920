import Certificates
import Diagnosis
import Foundation
import Guides
import SmartCard

/// The probe as a readable report: one screenful for the usual case, findings last with the
/// command that walks each one's tree.
struct ProbeText {
    let language: Language
    let redact: Bool
    let library: ContentLibrary

    private var zh: Bool { language == .zh }

    func lines(_ report: ProbeReport) -> [String] {
        var lines: [String] = []
        let when = Self.localTime(report.startedAt)
        lines.append(zh ? "ukey-doctor 检测结果 · \(when) · \(report.host.osName)" : "ukey-doctor probe · \(when) · \(report.host.osName)")
        lines.append(label("服务", "Service") + serviceText(report.service))
        if let problem = report.usbProblem {
            lines.append(label("USB", "USB") + (zh ? "无法读取（\(problem)）" : "cannot be read (\(problem))"))
        } else if report.usb.isEmpty {
            lines.append(label("USB", "USB") + (zh ? "没有 USB 设备" : "no USB devices"))
        } else {
            for token in report.usb {
                let vendor = token.vendorName?[language] ?? ""
                let model = token.model ?? ""
                // usb.ids models often repeat the vendor ("Yubico.com Yubikey 4/5 …").
                let name = model.lowercased().hasPrefix(vendor.lowercased()) || vendor.isEmpty ? model
                    : [vendor, model].filter { !$0.isEmpty }.joined(separator: " ")
                let flag = token.needsVendorDriver ? (zh ? "，需厂商驱动" : ", needs vendor driver") : ""
                lines.append(label("USB", "USB") + "\(name) (\(token.vendorID):\(token.productID), \(kindName(token.kind))\(flag))")
            }
        }
        if report.service.status == .running, report.readers.isEmpty {
            lines.append(label("读卡器", "Readers") + (zh ? "无" : "none"))
        }
        for reader in report.readers {
            lines.append(label("读卡器", "Reader") + reader.name)
            guard let card = reader.card else {
                lines.append("  " + (zh ? "（空）" : "(empty)"))
                continue
            }
            lines += cardLines(card)
        }
        if let profile = report.profile, let name = library.profile(profile.id)?.name[language] {
            let how = profile.reason == .given ? (zh ? "指定" : "given") : (zh ? "按颁发者识别" : "recognised from the issuer")
            lines.append(label("平台", "Profile") + "\(name) [\(profile.id)]" + paren(how))
        }
        lines.append("")
        if report.findings.isEmpty {
            lines.append(zh ? "✓ 没有发现问题。" : "✓ Nothing wrong found.")
        } else {
            lines.append(zh ? "发现 \(report.findings.count) 个问题：" : "Found \(report.findings.count) problem(s):")
            for finding in report.findings {
                let mark = finding.severity == .error ? "✗" : finding.severity == .warning ? "!" : "·"
                let message = redact ? Redaction.scrub(finding.message[language]) : finding.message[language]
                lines.append("\(mark) \(message)")
                if let tree = finding.tree, let title = library.profile(tree.profile)?.tree(tree.tree)?.title[language] {
                    lines.append("  → \(title)\(zh ? "：" : ": ")ukey-doctor walk \(tree.profile)/\(tree.tree)")
                }
            }
        }
        return lines
    }

    func cardLines(_ card: CardReport) -> [String] {
        var lines: [String] = []
        let state: String
        switch card.state {
        case .present: state = zh ? "已插入" : "present"
        case .mute: state = zh ? "无应答" : "mute"
        case .inUse: state = zh ? "被其他程序占用" : "in use by another program"
        case .unavailable: state = zh ? "不可用" : "unavailable"
        case .empty: state = zh ? "空" : "empty"
        }
        var first = "  " + label("卡", "Card") + state
        if let model = card.model { first += " · \(model)" }
        if let proto = card.protocolName { first += " · \(proto)" }
        if !card.applets.isEmpty { first += " · " + card.applets.joined(separator: ", ") }
        if card.pivAbsent { first += zh ? " · 无 PIV" : " · no PIV" }
        lines.append(first)
        if !card.atr.isEmpty {
            let wellFormed = card.atrDecoded?.isWellFormed == false ? paren(zh ? "格式有误" : "malformed") : ""
            lines.append("  ATR " + Hex.encode(card.atr) + wellFormed)
        }
        if let pin = card.pin {
            let text: String
            if pin.blocked { text = zh ? "已锁定" : "locked" }
            else if let tries = pin.triesLeft { text = zh ? "剩余 \(tries) 次" : "\(tries) tries left" }
            else { text = zh ? "未知" : "unknown" }
            lines.append("  " + label("密码", "PIN") + text)
        }
        for certificate in card.certificates {
            lines += certificateLines(certificate)
        }
        if card.applets.contains("PIV"), card.certificates.isEmpty {
            // After a broken exchange "none" would be a claim about what was never read.
            let none = card.errors.isEmpty ? (zh ? "无" : "none") : (zh ? "未能读取" : "not read")
            lines.append("  " + (zh ? "证书：" : "Certificates: ") + none)
        }
        for error in card.errors {
            lines.append("  ! " + Strings.cardError(error)[language])
        }
        return lines
    }

    func certificateLines(_ certificate: CertificateReport) -> [String] {
        let slot = certificate.slot.uppercased()
        guard let summary = certificate.summary else {
            let reason = certificate.compressed ? (zh ? "证书已压缩，未解析" : "compressed, not decoded")
                : certificate.error.map { Strings.certificateError($0)[language] } ?? "?"
            return ["  " + (zh ? "证书 \(slot)：无法读取" : "Certificate \(slot): unreadable") + paren(reason)]
        }
        let owner = summary.owner ?? summary.subject
        let issuer = summary.issuerCommonName ?? summary.issuer
        var lines = ["  " + (zh ? "证书 \(slot)：\(redact ? Redaction.scrub(owner) : owner) · 颁发者 \(issuer)" : "Certificate \(slot): \(redact ? Redaction.scrub(owner) : owner) · issuer \(issuer)")]
        let from = Self.day(summary.notBefore), to = Self.day(summary.notAfter)
        var validity = zh ? "    有效期 \(from) 至 \(to)" : "    valid \(from) to \(to)"
        if let days = certificate.daysLeft { validity += paren(Strings.daysInWords(days)[language]) }
        let key = summary.keyAlgorithm + (summary.keyBits.map { " \($0)" } ?? "")
        lines.append(validity + " · " + key)
        if let renewal = certificate.renewal {
            lines.append("    " + label("延期", "Renewal") + Strings.renewalStatus(renewal)[language])
        }
        if let id = summary.idNumber {
            lines.append("    " + label("身份证号", "ID number") + (redact ? Redaction.maskIDNumber(id) : id))
        }
        return lines
    }

    func serviceText(_ service: ServiceReport) -> String {
        switch service.status {
        case .running: zh ? "pcscd 运行中" : "pcscd running"
        case .notRunning: zh ? "pcscd 没有运行" : "pcscd not running"
        case .noAccess: zh ? "pcscd 拒绝访问" : "pcscd refuses access"
        case .failed: (zh ? "pcscd 出错：" : "pcscd error: ") + (service.error.map { Strings.cardError($0)[language] } ?? "?")
        }
    }

    func kindName(_ kind: String) -> String {
        switch kind {
        case "smart-card-reader": zh ? "智能卡" : "smart card"
        case "hid": "HID"
        case "mass-storage": zh ? "U 盘" : "mass storage"
        case "vendor-specific": zh ? "厂商接口" : "vendor-specific"
        default: kind
        }
    }

    func label(_ zhText: String, _ enText: String) -> String { zh ? "\(zhText)：" : "\(enText): " }
    func paren(_ text: String) -> String { zh ? "（\(text)）" : " (\(text))" }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    static func localTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
