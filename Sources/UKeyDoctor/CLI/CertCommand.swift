import ArgumentParser
import Certificates
import Diagnosis
import Foundation
import Guides
import X509OpenSSL

/// `cert FILE`: a certificate exported from a vendor's assistant (PEM or DER).
struct CertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert",
        abstract: "Read a certificate file (PEM or DER) exported from a vendor's tool: owner, validity, renewal status.")

    @Argument(help: "The certificate file.")
    var file: String

    @Option(help: "Use this profile's rules instead of recognising it from the issuer.")
    var profile: String?

    @Flag(help: "Show personal data (ID numbers, phone numbers) unmasked.")
    var noRedact = false

    @Flag(help: "JSON output (see README).")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.language
        let content = try ContentStore.load(overlays: global.contentOverlays, language: language)
        if let profile, content.library.profile(profile) == nil {
            throw CommandFailure(.usage, Strings.unknownProfile(profile, known: content.library.profiles.map(\.id)))
        }
        let bytes = try Self.read(file)
        let summary: CertificateSummary
        do throws(CertificateError) {
            summary = try X509Reader.summary(of: bytes)
        } catch {
            throw CommandFailure(.usage, Strings.notACertificateFile(file, Strings.certificateError(error)))
        }
        let check = CertificateCheck(summary: summary, library: content.library, profile: profile ?? content.library.site?.defaultProfile,
                                     releaseDate: ProbeSource.releaseDate)
        let redact = !noRedact
        if json {
            let format = ProbeJSON(language: language, redact: redact, library: content.library)
            var object = format.certificateFields(summary, slot: nil, daysLeft: check.daysLeft, renewal: check.renewal)
            if case .object(var pairs) = object {
                pairs.append(("profile", check.profile.map { .string($0.id) } ?? .null))
                pairs.append(("findings", .array(check.findings.map(format.finding))))
                object = .object(pairs)
            }
            Console.out(object.rendered())
        } else {
            let text = ProbeText(language: language, redact: redact, library: content.library)
            let report = CertificateReport(slot: "file", summary: summary, daysLeft: check.daysLeft, renewal: check.renewal)
            var lines = text.certificateLines(report).map { String($0.dropFirst(2)) }
            lines[0] = lines[0].replacingOccurrences(of: language == .zh ? "证书 FILE：" : "Certificate FILE: ", with: "")
            lines.insert(Strings.certificateFileHeading(file)[language], at: 0)
            lines.append(text.label("主题", "Subject") + (redact ? Redaction.scrub(summary.subject) : summary.subject))
            lines.append(text.label("序列号", "Serial") + summary.serial)
            lines.append(text.label("签名算法", "Signature") + summary.signatureAlgorithm.name + (summary.curve.map { " · \($0.name)" } ?? ""))
            if let org = summary.orgCode { lines.append(text.label("机构代码", "Org code") + org) }
            for warning in summary.warnings { lines.append("! " + warning.code.rawValue + (warning.detail.map { ": \($0)" } ?? "")) }
            if let profile = check.profile, let name = content.library.profile(profile.id)?.name[language] {
                lines.append(text.label("平台", "Profile") + "\(name) [\(profile.id)]")
            }
            for finding in check.findings {
                lines.append((finding.severity == .error ? "✗ " : "! ") + finding.message[language])
                if let tree = finding.tree { lines.append("  → ukey-doctor walk \(tree.profile)/\(tree.tree)") }
            }
            lines.forEach { Console.out($0) }
        }
        if check.findings.contains(where: { $0.severity == .error }) { throw CommandExit(exitCode: .problems) }
    }

    /// The file's bytes; a missing, unreadable, or oversized file is a one-line error (exit 2).
    static func read(_ path: String) throws(CommandFailure) -> [UInt8] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw CommandFailure(.usage, Strings.fileMissing(path))
        }
        if let size = (try? manager.attributesOfItem(atPath: path))?[.size] as? Int, size > CertificateError.sizeLimit {
            throw CommandFailure(.usage, Strings.notACertificateFile(path, Strings.certificateError(.tooLarge(byteCount: size, limit: CertificateError.sizeLimit))))
        }
        guard let data = manager.contents(atPath: path) else { throw CommandFailure(.usage, Strings.fileUnreadable(path)) }
        return [UInt8](data)
    }
}
