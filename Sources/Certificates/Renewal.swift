import Foundation

extension CertificateSummary {
    /// Whole days until `notAfter`, rounded down: 0 while less than a day is left,
    /// -1 from the first second after expiry (so the value is negative exactly when
    /// the certificate has expired; at `notAfter` itself it is still valid, RFC 5280).
    /// Counted in 86,400-second days between instants, so it does not depend on the
    /// machine's time zone or daylight saving.
    public func daysLeft(now: Date) -> Int {
        CertificateSummary.daysLeft(until: notAfter, now: now)
    }

    public static func daysLeft(until notAfter: Date, now: Date) -> Int {
        let days = (notAfter.timeIntervalSince(now) / 86_400).rounded(.down)
        // Clamp: a certificate may say 9999-12-31 and a broken clock may say 1970.
        return Int(max(min(days, 10_000_000), -10_000_000))
    }
}

/// When a deployment lets a certificate be renewed, in whole days as `daysLeft` counts them.
public struct RenewalWindow: Codable, Sendable, Equatable, Hashable {
    /// Renewal opens when `daysLeft <= renewFromDaysBefore` (inclusive). nil: any time before expiry.
    /// A guide saying "less than 90 days" is 89; "from 90 days before" is 90.
    public var renewFromDaysBefore: Int?
    /// After expiry, renewal stays possible while the certificate has been expired for
    /// at most this many days (`-daysLeft <= renewUntilDaysAfter`). nil: unknown.
    /// A guide saying "expired more than 30 days cannot be renewed" is 30.
    public var renewUntilDaysAfter: Int?

    public init(renewFromDaysBefore: Int?, renewUntilDaysAfter: Int?) {
        self.renewFromDaysBefore = renewFromDaysBefore
        self.renewUntilDaysAfter = renewUntilDaysAfter
    }

    /// The status for a certificate with `daysLeft` whole days left (negative: expired).
    public func status(daysLeft: Int) -> RenewalStatus {
        if daysLeft >= 0 {
            guard let from = renewFromDaysBefore else { return .due }
            return daysLeft <= from ? .due : .notDue
        }
        guard let until = renewUntilDaysAfter else { return .overdueRenewable }
        return -daysLeft <= until ? .overdueRenewable : .tooLate
    }

    public func evaluate(notAfter: Date, now: Date) -> RenewalEvaluation {
        let days = CertificateSummary.daysLeft(until: notAfter, now: now)
        let status = status(daysLeft: days)
        var opensIn: Int?
        if status == .notDue, let from = renewFromDaysBefore { opensIn = days - from }
        var closesIn: Int?
        if let until = renewUntilDaysAfter, status != .tooLate { closesIn = days + until }
        return RenewalEvaluation(status: status, daysLeft: days, windowOpensInDays: opensIn,
                                 windowClosesInDays: closesIn, deadlineKnown: renewUntilDaysAfter != nil)
    }
}

/// Where a certificate stands for renewal. Raw values are the JSON contract.
public enum RenewalStatus: String, Codable, Sendable, CaseIterable {
    /// Valid, and the renewal window has not opened yet.
    case notDue = "not-due"
    /// Valid, and renewal is possible now.
    case due = "due"
    /// Expired, but renewal is still possible (or the deadline is unknown).
    case overdueRenewable = "overdue-renewable"
    /// Expired for longer than the deployment allows: a new application is needed.
    case tooLate = "too-late"
}

public struct RenewalEvaluation: Codable, Sendable, Equatable {
    public var status: RenewalStatus
    public var daysLeft: Int
    /// For `not-due`: days until renewal opens.
    public var windowOpensInDays: Int?
    /// Days until renewal is no longer possible, when the deadline is known and not passed.
    public var windowClosesInDays: Int?
    /// False when the deployment's after-expiry deadline is unknown, so
    /// `overdue-renewable` is a hope rather than a promise.
    public var deadlineKnown: Bool
}
