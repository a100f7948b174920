import Certificates
import Diagnosis
import Foundation
import Guides
import SmartCard

/// The probe report as the contract's JSON (README): keys in documented order.
struct ProbeJSON {
    let language: Language
    let redact: Bool
    let library: ContentLibrary

    func report(_ report: ProbeReport) -> JSONValue {
        .compact([
            ("service", .compact([("status", .string(report.service.status.rawValue)),
                                  ("error", report.service.error.map { .string($0.code) })])),
            ("usb", .array(report.usb.map(usb))),
            ("usbProblem", report.usbProblem.map(JSONValue.string)),
            ("readers", .array(report.readers.map(reader))),
            ("profile", report.profile.map { .string($0.id) } ?? .null),
            ("profileReason", report.profile.map { .string($0.reason.rawValue) }),
            ("findings", .array(report.findings.map(finding))),
            ("host", .object([("os", .string(report.host.osName)), ("windows", .bool(report.host.windows)),
                              ("domesticOS", .bool(report.host.domesticOS))])),
            ("probedAt", .string(Self.timestamp(report.startedAt))),
            ("durationMs", .double(report.durationMs)),
            ("apduCount", .int(report.apduCount)),
        ])
    }

    func usb(_ token: USBTokenReport) -> JSONValue {
        .compact([
            ("vendorId", .string(token.vendorID)), ("productId", .string(token.productID)),
            ("interfaceClass", token.interfaceClass.map { .string(String(format: "0x%02X", $0)) }),
            ("kind", .string(token.kind)),
            ("vendor", token.vendorName.map { .string($0[language]) }),
            ("model", token.model.map(JSONValue.string)),
            ("needsVendorDriver", .bool(token.needsVendorDriver)),
        ])
    }

    func reader(_ reader: ReaderReport) -> JSONValue {
        .object([("name", .string(reader.name)), ("card", reader.card.map(card) ?? .null)])
    }

    func card(_ card: CardReport) -> JSONValue {
        .compact([
            ("state", .string(card.state.rawValue)),
            ("atr", card.atr.isEmpty ? nil : .string(Hex.encode(card.atr))),
            ("atrWellFormed", card.atrDecoded.map { .bool($0.isWellFormed) }),
            ("model", card.model.map(JSONValue.string)),
            ("protocol", card.protocolName.map(JSONValue.string)),
            ("applets", .array(card.applets.map(JSONValue.string))),
            ("pin", card.pin.map { pin in
                .compact([("triesLeft", pin.triesLeft.map(JSONValue.int) ?? .null), ("blocked", .bool(pin.blocked)), ("known", .bool(pin.known))])
            }),
            ("certificates", .array(card.certificates.map(certificate))),
            ("errors", card.errors.isEmpty ? nil : .array(card.errors.map { .string($0.code) })),
            ("apduCount", .int(card.apduCount)),
        ])
    }

    func certificate(_ certificate: CertificateReport) -> JSONValue {
        guard let summary = certificate.summary else {
            return .compact([
                ("slot", .string(certificate.slot)),
                ("error", .string(certificate.compressed ? "compressed" : certificate.error?.code ?? "unreadable")),
                ("reason", certificate.error.map { .string($0.reason) }),
            ])
        }
        return certificateFields(summary, slot: certificate.slot, daysLeft: certificate.daysLeft, renewal: certificate.renewal)
    }

    /// The certificate object shared by `probe` and `cert`.
    func certificateFields(_ summary: CertificateSummary, slot: String?, daysLeft: Int?, renewal: RenewalEvaluation?) -> JSONValue {
        .compact([
            ("slot", slot.map(JSONValue.string)),
            ("subject", .string(redact ? Redaction.scrub(summary.subject) : summary.subject)),
            ("owner", summary.owner.map { .string(redact ? Redaction.scrub($0) : $0) }),
            ("organization", summary.organization.map(JSONValue.string)),
            ("issuer", .string(summary.issuer)),
            ("serial", .string(summary.serial)),
            ("notBefore", .string(Self.timestamp(summary.notBefore))),
            ("notAfter", .string(Self.timestamp(summary.notAfter))),
            ("daysLeft", daysLeft.map(JSONValue.int)),
            ("keyAlgorithm", .string(summary.keyAlgorithm)),
            ("keyBits", summary.keyBits.map(JSONValue.int)),
            ("curve", summary.curve.map { .string($0.name) }),
            ("signatureAlgorithm", .string(summary.signatureAlgorithm.name)),
            ("idNumber", summary.idNumber.map { .string(redact ? Redaction.maskIDNumber($0) : $0) }),
            ("orgCode", summary.orgCode.map(JSONValue.string)),
            ("fingerprintSHA256", .string(summary.fingerprintSHA256)),
            ("warnings", summary.warnings.isEmpty ? nil : .array(summary.warnings.map { .string($0.code.rawValue) })),
            ("renewal", renewal.map { evaluation in
                .compact([("status", .string(evaluation.status.rawValue)),
                          ("windowOpensInDays", evaluation.windowOpensInDays.map(JSONValue.int)),
                          ("windowClosesInDays", evaluation.windowClosesInDays.map(JSONValue.int))])
            }),
        ])
    }

    func finding(_ finding: Finding) -> JSONValue {
        let tree = finding.tree.flatMap { library.profile($0.profile)?.tree($0.tree) }
        return .compact([
            ("id", .string(finding.id)),
            ("severity", .string(finding.severity.rawValue)),
            ("message", .string(redact ? Redaction.scrub(finding.message[language]) : finding.message[language])),
            ("tree", finding.tree.map { .string($0.tree) } ?? .null),
            ("walk", finding.tree.map { .string("\($0.profile)/\($0.tree)") }),
            ("treeTitle", tree.map { .string($0.title[language]) }),
            ("reader", finding.reader.map(JSONValue.string)),
        ])
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
