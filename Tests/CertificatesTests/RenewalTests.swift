import Foundation
import Testing
import Certificates

@Suite("Days left and renewal windows")
struct RenewalTests {
    // MARK: daysLeft

    struct DaysCase: Sendable, CustomTestStringConvertible {
        var now: Date
        var expected: Int
        var testDescription: String { "\(now) → \(expected)" }
    }

    static let midnight = TestSupport.date(2027, 1, 1)   // notAfter at 00:00:00 UTC

    @Test("Whole days, rounded down; negative from the first second after expiry", arguments: [
        DaysCase(now: TestSupport.date(2026, 12, 31, 23, 59, 59), expected: 0),
        DaysCase(now: TestSupport.date(2027, 1, 1), expected: 0),                  // notAfter itself is still valid
        DaysCase(now: TestSupport.date(2027, 1, 1, 0, 0, 1), expected: -1),
        DaysCase(now: TestSupport.date(2027, 1, 1, 23, 59, 59), expected: -1),
        DaysCase(now: TestSupport.date(2027, 1, 2), expected: -1),
        DaysCase(now: TestSupport.date(2027, 1, 2, 0, 0, 1), expected: -2),
        DaysCase(now: TestSupport.date(2026, 12, 31), expected: 1),
        DaysCase(now: TestSupport.date(2026, 12, 30, 23, 59, 59), expected: 1),
        DaysCase(now: TestSupport.date(2026, 12, 30), expected: 2),
        DaysCase(now: TestSupport.date(2026, 1, 1), expected: 365),
    ])
    func daysLeftAroundMidnight(_ c: DaysCase) {
        #expect(CertificateSummary.daysLeft(until: Self.midnight, now: c.now) == c.expected)
    }

    @Test("A Beijing-midnight expiry (16:00 UTC) counts the same way")
    func beijingMidnight() {
        let notAfter = TestSupport.date(2026, 6, 30, 16)   // 2026-07-01 00:00 +08:00
        #expect(CertificateSummary.daysLeft(until: notAfter, now: TestSupport.date(2026, 6, 30, 15, 59, 59)) == 0)
        #expect(CertificateSummary.daysLeft(until: notAfter, now: TestSupport.date(2026, 6, 30, 16, 0, 1)) == -1)
    }

    @Test("A day is 86,400 s even across a daylight-saving change elsewhere")
    func noDST() {
        // 2026-03-08 is the US spring-forward day; UTC knows nothing of it.
        let notAfter = TestSupport.date(2026, 3, 9, 12)
        #expect(CertificateSummary.daysLeft(until: notAfter, now: TestSupport.date(2026, 3, 8, 12)) == 1)
        #expect(CertificateSummary.daysLeft(until: notAfter, now: TestSupport.date(2026, 3, 7, 12)) == 2)
    }

    @Test("Extreme dates do not trap")
    func extremes() {
        let far = TestSupport.date(9999, 12, 31, 23, 59, 59)   // "no well-defined expiration", RFC 5280
        #expect(CertificateSummary.daysLeft(until: far, now: TestSupport.date(1970, 1, 1)) == 2_932_896)
        #expect(CertificateSummary.daysLeft(until: Date(timeIntervalSince1970: 1e18), now: Date()) == 10_000_000)
        #expect(CertificateSummary.daysLeft(until: Date(timeIntervalSince1970: -1e18), now: Date()) == -10_000_000)
    }

    // MARK: status table

    struct StatusCase: Sendable, CustomTestStringConvertible {
        var window: RenewalWindow
        var daysLeft: Int
        var expected: RenewalStatus
        var testDescription: String {
            "from \(window.renewFromDaysBefore.map(String.init) ?? "any") until \(window.renewUntilDaysAfter.map(String.init) ?? "?"), daysLeft \(daysLeft) → \(expected.rawValue)"
        }
    }

    /// Shandong (seed 004): from 90 days before to 300 days after expiry.
    static let shandong = RenewalWindow(renewFromDaysBefore: 90, renewUntilDaysAfter: 300)
    /// 12309 (seed 000): any time; not once expired more than 30 days.
    static let spp = RenewalWindow(renewFromDaysBefore: nil, renewUntilDaysAfter: 30)
    /// BJCA online (seed 003): fewer than 90 days left, or expired at most 365 days.
    static let bjca = RenewalWindow(renewFromDaysBefore: 89, renewUntilDaysAfter: 365)
    /// MFA consular (seed 001): "more than 180 days: no need"; deadline after expiry unknown.
    static let mfa = RenewalWindow(renewFromDaysBefore: 180, renewUntilDaysAfter: nil)

    @Test("Status at the window boundaries", arguments: [
        StatusCase(window: shandong, daysLeft: 91, expected: .notDue),
        StatusCase(window: shandong, daysLeft: 90, expected: .due),
        StatusCase(window: shandong, daysLeft: 0, expected: .due),
        StatusCase(window: shandong, daysLeft: -1, expected: .overdueRenewable),
        StatusCase(window: shandong, daysLeft: -300, expected: .overdueRenewable),
        StatusCase(window: shandong, daysLeft: -301, expected: .tooLate),
        StatusCase(window: spp, daysLeft: 1000, expected: .due),
        StatusCase(window: spp, daysLeft: 0, expected: .due),
        StatusCase(window: spp, daysLeft: -30, expected: .overdueRenewable),
        StatusCase(window: spp, daysLeft: -31, expected: .tooLate),
        StatusCase(window: bjca, daysLeft: 90, expected: .notDue),
        StatusCase(window: bjca, daysLeft: 89, expected: .due),
        StatusCase(window: bjca, daysLeft: -365, expected: .overdueRenewable),
        StatusCase(window: bjca, daysLeft: -366, expected: .tooLate),
        StatusCase(window: mfa, daysLeft: 181, expected: .notDue),
        StatusCase(window: mfa, daysLeft: 180, expected: .due),
        StatusCase(window: mfa, daysLeft: -5000, expected: .overdueRenewable),
        StatusCase(window: RenewalWindow(renewFromDaysBefore: 0, renewUntilDaysAfter: 0), daysLeft: 1, expected: .notDue),
        StatusCase(window: RenewalWindow(renewFromDaysBefore: 0, renewUntilDaysAfter: 0), daysLeft: 0, expected: .due),
        StatusCase(window: RenewalWindow(renewFromDaysBefore: 0, renewUntilDaysAfter: 0), daysLeft: -1, expected: .tooLate),
    ])
    func statusTable(_ c: StatusCase) {
        #expect(c.window.status(daysLeft: c.daysLeft) == c.expected)
    }

    @Test("Raw values are the JSON contract")
    func rawValues() throws {
        #expect(RenewalStatus.allCases.map(\.rawValue) == ["not-due", "due", "overdue-renewable", "too-late"])
        let json = try JSONEncoder().encode([RenewalStatus.overdueRenewable])
        #expect(String(decoding: json, as: UTF8.self) == #"["overdue-renewable"]"#)
    }

    @Test("evaluate: from dates, with the days until the window opens or closes")
    func evaluate() {
        let notAfter = TestSupport.date(2026, 6, 30, 16)
        let day = TestSupport.day

        let early = Self.shandong.evaluate(notAfter: notAfter, now: notAfter.addingTimeInterval(-100 * day))
        #expect(early.status == .notDue)
        #expect(early.daysLeft == 100)
        #expect(early.windowOpensInDays == 10)
        #expect(early.windowClosesInDays == 400)

        let opening = Self.shandong.evaluate(notAfter: notAfter, now: notAfter.addingTimeInterval(-90 * day))
        #expect(opening.status == .due)
        #expect(opening.windowOpensInDays == nil)

        let lastDay = Self.shandong.evaluate(notAfter: notAfter, now: notAfter.addingTimeInterval(300 * day))
        #expect(lastDay.status == .overdueRenewable)
        #expect(lastDay.windowClosesInDays == 0)

        let late = Self.shandong.evaluate(notAfter: notAfter, now: notAfter.addingTimeInterval(300 * day + 1))
        #expect(late.status == .tooLate)
        #expect(late.windowClosesInDays == nil)

        let unknown = Self.mfa.evaluate(notAfter: notAfter, now: notAfter.addingTimeInterval(3 * day))
        #expect(unknown.status == .overdueRenewable)
        #expect(!unknown.deadlineKnown)
        #expect(unknown.windowClosesInDays == nil)
    }
}

@Suite("Clock check")
struct ClockCheckTests {
    private func certificate(notBefore: Date, selfIssued: Bool = false) -> CertificateSummary {
        CertificateSummary(
            subject: "CN=电信测试1", subjectFields: [], owner: "电信测试1", organization: nil,
            issuer: selfIssued ? "CN=电信测试1" : "CN=SPP SM2 Operation CA", issuerFields: [], issuerCommonName: nil,
            serial: "01", notBefore: notBefore, notAfter: notBefore.addingTimeInterval(365 * TestSupport.day),
            version: 3, keyAlgorithm: "SM2", keyAlgorithmOID: KnownOID.ecPublicKey, keyBits: 256, curve: nil,
            signatureAlgorithm: ObjectName(name: "SM2-with-SM3", oid: KnownOID.sm2WithSM3), fingerprintSHA256: "",
            isSelfIssued: selfIssued, idNumber: nil, idNumberSource: nil, orgCode: nil, orgCodeSource: nil,
            extensions: [], warnings: [])
    }

    let issued = TestSupport.date(2026, 5, 1, 8)

    @Test("A clock before a CA-issued certificate's notBefore is wrong")
    func beforeIssue() {
        let now = issued.addingTimeInterval(-TestSupport.day)
        let problems = ClockCheck.check(now: now, certificates: [certificate(notBefore: issued)])
        #expect(problems.map(\.code) == [.beforeCertificateIssued])
        #expect(problems.first?.notBefore == issued)
        #expect(problems.first?.code.rawValue == "clock-before-certificate")
    }

    @Test("Within the tolerance, or after notBefore: fine")
    func tolerance() {
        #expect(ClockCheck.check(now: issued.addingTimeInterval(-5 * 60), certificates: [certificate(notBefore: issued)]).isEmpty)
        #expect(ClockCheck.check(now: issued.addingTimeInterval(-11 * 60), certificates: [certificate(notBefore: issued)]).count == 1)
        #expect(ClockCheck.check(now: issued.addingTimeInterval(TestSupport.day), certificates: [certificate(notBefore: issued)]).isEmpty)
    }

    @Test("Self-issued certificates prove nothing")
    func selfIssued() {
        let future = certificate(notBefore: TestSupport.date(2030, 1, 1), selfIssued: true)
        #expect(ClockCheck.check(now: issued, certificates: [future]).isEmpty)
    }

    @Test("The newest notBefore is the evidence")
    func newest() {
        let older = certificate(notBefore: TestSupport.date(2026, 1, 1))
        let newer = certificate(notBefore: TestSupport.date(2026, 9, 1))
        let problems = ClockCheck.check(now: TestSupport.date(2026, 6, 1), certificates: [older, newer])
        #expect(problems.first?.notBefore == TestSupport.date(2026, 9, 1))
    }

    @Test("Implausible years (a CMOS reset to 2000, a clock far in the future)", arguments: [
        (2000, true), (2024, true), (2025, false), (2026, false), (2099, false), (2100, true),
    ])
    func years(_ year: Int, _ wrong: Bool) {
        let problems = ClockCheck.check(now: TestSupport.date(year, 6, 1), certificates: [])
        #expect(problems.map(\.code) == (wrong ? [.implausibleYear] : []))
        #expect(problems.first?.year == (wrong ? year : nil))
    }

    @Test("Both problems at once, evidence first")
    func both() {
        let problems = ClockCheck.check(now: TestSupport.date(2000, 1, 1), certificates: [certificate(notBefore: issued)])
        #expect(problems.map(\.code) == [.beforeCertificateIssued, .implausibleYear])
    }
}
