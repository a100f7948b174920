import Foundation

/// Says when the system clock cannot be right. A wrong clock makes valid
/// certificates look expired or not yet valid, and renewal sites refuse TLS.
public enum ClockCheck {
    public struct Problem: Codable, Sendable, Equatable {
        public enum Code: String, Codable, Sendable {
            /// Now is before the notBefore of a certificate a CA issued: it cannot
            /// have been issued in the future, so the clock is behind.
            case beforeCertificateIssued = "clock-before-certificate"
            /// The year is outside what this program can be running in.
            case implausibleYear = "clock-year-implausible"
        }

        public var code: Code
        public var now: Date
        /// The notBefore that proves it (for `beforeCertificateIssued`).
        public var notBefore: Date?
        /// Subject of that certificate.
        public var certificate: String?
        /// The clock's year in UTC (for `implausibleYear`).
        public var year: Int?
    }

    /// Years a running copy of this program can see. The lower bound is before this
    /// code was written; the upper one leaves decades of room.
    public static let plausibleYears = 2025...2099

    /// Slack for CAs whose clocks run a little ahead and for small local drift.
    public static let defaultTolerance: TimeInterval = 10 * 60

    /// Problems with `now`, most telling first: the certificate evidence, then the year.
    /// Self-issued certificates prove nothing (anyone can date them) and are ignored.
    public static func check(now: Date, certificates: [CertificateSummary],
                             tolerance: TimeInterval = defaultTolerance,
                             plausibleYears: ClosedRange<Int> = plausibleYears) -> [Problem] {
        var problems: [Problem] = []
        let caIssued = certificates.filter { !$0.isSelfIssued }
        if let latest = caIssued.max(by: { $0.notBefore < $1.notBefore }),
           now.addingTimeInterval(tolerance) < latest.notBefore {
            problems.append(Problem(code: .beforeCertificateIssued, now: now, notBefore: latest.notBefore,
                                    certificate: latest.subject, year: nil))
        }
        let year = utcYear(now)
        if !plausibleYears.contains(year) {
            problems.append(Problem(code: .implausibleYear, now: now, notBefore: nil, certificate: nil, year: year))
        }
        return problems
    }

    static func utcYear(_ date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.component(.year, from: date)
    }
}
