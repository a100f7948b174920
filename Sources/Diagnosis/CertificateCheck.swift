import Certificates
import Foundation
import Guides

/// A certificate on its own (exported from a vendor's assistant): its profile, days left,
/// renewal status and the findings about it, under the same rules as a probe.
public struct CertificateCheck: Sendable {
    public var summary: CertificateSummary
    public var profile: ProfileMatch?
    public var daysLeft: Int
    public var renewal: RenewalEvaluation?
    public var findings: [Finding]

    public init(summary: CertificateSummary, library: ContentLibrary, profile given: String?, now: Date = Date(),
                releaseDate: Date) {
        self.summary = summary
        if let given {
            profile = ProfileMatch(id: given, reason: .given)
        } else if let match = library.profile(matchingIssuer: summary.issuer) {
            profile = ProfileMatch(id: match.id, reason: .recognised)
        }
        daysLeft = summary.daysLeft(now: now)
        let window = profile.flatMap { library.profile($0.id)?.rule(.renewalWindow) }
            .map { RenewalWindow(renewFromDaysBefore: $0.renewFromDaysBefore, renewUntilDaysAfter: $0.renewUntilDaysAfter) }
        renewal = window?.evaluate(notAfter: summary.notAfter, now: now)
        var found: [(String, LocalizedText)] = []
        if let expiry = FindingRules.expiryFinding(summary, daysLeft, renewal, window: window) { found.append(expiry) }
        if let clock = ClockCheck.check(now: now, certificates: [summary]).first {
            found.append(("clock-wrong", FindingRules.clockMessage(clock)))
        }
        let profileID = profile?.id
        findings = found.map { id, message in
            Finding(id: id, severity: FindingCatalog.severity(of: id) ?? .warning, message: message,
                    tree: library.tree(forFinding: id, profileID: profileID)?.startRef, reader: nil)
        }
    }
}
