import Certificates
import Foundation
import Guides
import SmartCard

/// Turns what the probe saw into findings, each pointing at the tree that handles it.
enum FindingRules {
    /// Days before expiry from which a certificate is "expiring" when the profile's window is open-ended.
    static let expiringWithinDays = 30
    /// PIN tries at or below which the key is one or two mistakes from locking.
    static let lowPINTries = 2
    /// probe-interrupted: what was read from the key is incomplete.
    static let interrupted = LocalizedText(
        zh: "检测过程中 UKey 被拔出或通信中断，结果不完整；请插好 UKey 后重新检测",
        en: "The UKey was pulled out or the link broke during the probe, so the result is incomplete; insert it and probe again")

    static func findings(for report: ProbeReport, library: ContentLibrary, window: RenewalWindow?, releaseDate: Date) -> [Finding] {
        var found: [(String, LocalizedText, String?)] = []
        func add(_ id: String, _ message: LocalizedText, reader: String? = nil) { found.append((id, message, reader)) }

        switch report.service.status {
        case .running: break
        case .notRunning:
            add("service-not-running", .init(zh: "智能卡服务 pcscd 没有运行，读不到任何 UKey", en: "The smart-card service pcscd is not running, so no UKey can be read"))
        case .noAccess:
            add("service-no-access", .init(zh: "智能卡服务拒绝了本用户（远程会话常见）", en: "The smart-card service refused this user (common in remote sessions)"))
        case .failed:
            let code = report.service.error?.code ?? "unknown"
            add("service-not-running", .init(zh: "智能卡服务出错（\(code)）", en: "The smart-card service failed (\(code))"))
        }

        let driverTokens = report.usb.filter(\.needsVendorDriver)
        for token in driverTokens {
            let name = displayName(vendor: token.vendorName?.zh, model: token.model)
            let nameEN = displayName(vendor: token.vendorName?.en, model: token.model)
            add("usb-token-not-pcsc", .init(
                zh: "USB 上有一把 \(name.isEmpty ? token.vendorID + ":" + token.productID : name) UKey（\(kindZH(token.kind))），需要安装厂商驱动才能使用",
                en: "A \(nameEN.isEmpty ? token.vendorID + ":" + token.productID : nameEN) UKey is on USB (\(token.kind)); it needs its vendor's driver"))
        }

        let cards = report.readers.filter { ($0.card?.state ?? .empty) != .empty }
        if report.service.status == .running, driverTokens.isEmpty {
            if report.readers.isEmpty {
                add("no-reader", .init(zh: "没有检测到读卡器或 UKey", en: "No card reader or UKey is seen"))
            } else if cards.isEmpty {
                add("no-card", .init(zh: "有读卡器，但里面没有 UKey 或卡", en: "There is a reader, but no UKey or card in it"))
            }
        }
        if cards.count + driverTokens.count > 1 {
            add("several-tokens", .init(zh: "同时插着 \(cards.count + driverTokens.count) 把 UKey", en: "\(cards.count + driverTokens.count) UKeys are plugged in at once"))
        }

        for reader in cards {
            guard let card = reader.card else { continue }
            let at = reader.name
            let model = card.model.map { "（\($0)）" } ?? ""
            let modelEN = card.model.map { " (\($0))" } ?? ""
            switch card.state {
            case .mute:
                add("card-mute", .init(zh: "读卡器 \(at) 中的卡没有应答\(model)", en: "The card in \(at) does not answer\(modelEN)"), reader: at)
                continue
            case .inUse where card.applets.isEmpty && !card.pivAbsent:
                continue   // another program holds it exclusively: nothing more to say
            default: break
            }
            // Pulled out (or the link broke) while we read it: say so, and claim nothing about what was not read.
            if card.errors.contains(where: { [.cardRemoved, .notTransacted, .cardReset, .noCard].contains($0) }) {
                add("probe-interrupted", interrupted, reader: at)
                continue
            }
            if card.pivAbsent {
                add("unknown-card", .init(
                    zh: "这张卡\(model)没有标准 PIV 应用，ukey-doctor 读不出它的证书，请用颁发机构的证书助手查看",
                    en: "This card\(modelEN) has no standard PIV applet; ukey-doctor cannot read its certificate. Use the issuer's certificate assistant"), reader: at)
            } else if card.applets.contains("PIV") {
                if card.certificates.isEmpty {
                    add("no-certificate", .init(zh: "UKey 有应答，但里面没有证书", en: "The UKey answers but holds no certificate"), reader: at)
                }
                for certificate in card.certificates where certificate.summary == nil {
                    let reason = certificate.compressed ? "compressed" : (certificate.error?.code ?? "unreadable")
                    add("cert-unreadable", .init(
                        zh: "槽位 \(certificate.slot) 的证书无法解析（\(reason)）", en: "The certificate in slot \(certificate.slot) cannot be read (\(reason))"), reader: at)
                }
            } else if !card.errors.isEmpty {
                // A card we could not talk to at all (SCardConnect said "protocol mismatch" as a key
                // was swapped, an answer that makes no sense): never "nothing wrong" for it.
                add("probe-interrupted", interrupted, reader: at)
            }
            if let primary = card.certificates.first(where: { $0.slot == "9a" && $0.summary != nil }) ?? card.certificates.first(where: { $0.summary != nil }),
               let summary = primary.summary, let daysLeft = primary.daysLeft {
                if let (id, message) = expiryFinding(summary, daysLeft, primary.renewal, window: window) {
                    add(id, message, reader: at)
                }
            }
            if let pin = card.pin {
                if pin.blocked {
                    add("pin-blocked", .init(zh: "UKey 密码已锁定，不要再尝试", en: "The UKey's PIN is locked; do not try again"), reader: at)
                } else if let tries = pin.triesLeft, tries > 0, tries <= lowPINTries {
                    add("pin-low", .init(zh: "密码只剩 \(tries) 次尝试机会，再输错会锁定", en: "Only \(tries) PIN \(tries == 1 ? "try" : "tries") left; wrong PINs will lock the key"), reader: at)
                }
            }
        }

        if let problem = report.clockProblems.first {
            add("clock-wrong", clockMessage(problem))
        } else if report.startedAt < releaseDate {
            add("clock-wrong", .init(zh: "电脑日期 \(day(report.startedAt)) 早于本程序的发布日期，时间一定不对",
                                     en: "The computer's date \(day(report.startedAt)) is before this program was released: the clock is wrong"))
        }

        let profileID = report.profile?.id
        return found.map { id, message, reader in
            Finding(id: id, severity: FindingCatalog.severity(of: id) ?? .warning, message: message,
                    tree: library.tree(forFinding: id, profileID: profileID)?.startRef, reader: reader)
        }
        .sorted { $0.severity > $1.severity }   // stable: errors first, then warnings, in probe order
    }

    static func expiryFinding(_ summary: CertificateSummary, _ daysLeft: Int, _ renewal: RenewalEvaluation?,
                              window: RenewalWindow?) -> (String, LocalizedText)? {
        let owner = summary.owner ?? summary.subject
        let end = day(summary.notAfter)
        if daysLeft < 0 {
            let ago = -daysLeft
            if renewal?.status == .tooLate {
                return ("cert-too-late", .init(
                    zh: "证书“\(owner)”已于 \(end) 过期（\(ago) 天前），超过了本平台允许延期的期限",
                    en: "The certificate “\(owner)” expired on \(end) (\(ago) days ago), past this platform's renewal deadline"))
            }
            var zh = "证书“\(owner)”已于 \(end) 过期（\(ago) 天前）"
            var en = "The certificate “\(owner)” expired on \(end) (\(ago) days ago)"
            if let closes = renewal?.windowClosesInDays, renewal?.status == .overdueRenewable {
                zh += "；还可延期 \(closes) 天，请尽快办理"
                en += "; it can still be renewed for \(closes) more days: do it now"
            }
            return ("cert-expired", .init(zh: zh, en: en))
        }
        // An any-time window (12309) says nothing about urgency: warn in the last month. A window that
        // opens N days before expiry (BJCA 90, MFA 180) is worth a warning once it is open.
        let windowStart = window?.renewFromDaysBefore ?? 0
        if daysLeft <= max(expiringWithinDays, windowStart) {
            return ("cert-expiring", .init(
                zh: "证书“\(owner)”将于 \(end) 过期，还剩 \(daysLeft) 天，可以办理延期了",
                en: "The certificate “\(owner)” expires on \(end), in \(daysLeft) days: it can be renewed now"))
        }
        return nil
    }

    static func clockMessage(_ problem: ClockCheck.Problem) -> LocalizedText {
        switch problem.code {
        case .beforeCertificateIssued:
            let start = problem.notBefore.map(day) ?? "?"
            return .init(zh: "电脑日期 \(day(problem.now)) 早于证书生效日期 \(start)，电脑时间不对",
                         en: "The computer's date \(day(problem.now)) is before the certificate's start \(start): the clock is wrong")
        default:
            return .init(zh: "电脑日期 \(day(problem.now)) 不可能正确", en: "The computer's date \(day(problem.now)) cannot be right")
        }
    }

    /// "Feitian ePass2000Auto", without repeating a vendor the model name already starts with.
    static func displayName(vendor: String?, model: String?) -> String {
        guard let vendor, !vendor.isEmpty else { return model ?? "" }
        guard let model, !model.isEmpty else { return vendor }
        return model.lowercased().hasPrefix(vendor.lowercased()) ? model : "\(vendor) \(model)"
    }

    static func kindZH(_ kind: String) -> String {
        switch kind {
        case "hid": "HID 设备"
        case "mass-storage": "U 盘方式"
        case "vendor-specific": "厂商专用接口"
        default: kind
        }
    }

    /// Dates as the user's calendar shows them (local time zone).
    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
