import Foundation
import Testing
@testable import Guides
@testable import Simulator

/// Scenario inputs the fuzz targets of Fuzz/ found (scripts/fuzz/run), each with what must hold instead.
@Suite struct ScenarioFuzzRegressionTests {
    static func scenario(notBefore: String, notAfter: String) -> String {
        """
        id: fuzzed
        title: {zh: 日期, en: Dates}
        service: running
        readers:
          - name: "Reader 00 00"
            card:
              atr: "3B 88 80 01 00 00 00 00 00 00 00 00 09"
              certificates:
                - slot: 9a
                  subject: [{CN: 甲}]
                  issuer: [{CN: SPP SM2 Operation CA}]
                  key: ec-p256
                  not-before: \(notBefore)
                  not-after: \(notAfter)
        """
    }

    /// fuzz-scenario: `not-after: 9223372036854775807` overflowed adding a day, and day counts
    /// of millions of years trapped in the certificate's date. Now the loader names the field.
    @Test(arguments: [("-1", "9223372036854775807"), ("-9223372036854775808", "10"), ("-1", "36501"), ("-36501", "1")])
    func dayCountsOutOfRangeAreLoadErrors(_ notBefore: String, _ notAfter: String) throws {
        let text = Self.scenario(notBefore: notBefore, notAfter: notAfter)
        let (scenario, issues) = ScenarioLoader.load(ContentFile(relativePath: "scenarios/fuzzed.yaml", displayPath: "fuzzed.yaml", text: text))
        #expect(scenario == nil)
        let issue = try #require(issues.first)
        #expect(issue.code == .scenarioDoesNotLoad)
        #expect(issue.formatted(.en).contains("must be between -36500 and 36500 days"))
        #expect(issue.location?.line == (notAfter.count > 3 ? 14 : 13))
    }

    /// The edges of the range still load and build into a certificate.
    @Test func aCenturyEitherWayBuilds() throws {
        let text = Self.scenario(notBefore: "-36500", notAfter: "36500")
        let scenario = try #require(ScenarioLoader.load(ContentFile(relativePath: "scenarios/fuzzed.yaml", displayPath: "fuzzed.yaml", text: text)).scenario)
        let built = try ScenarioBuilder.build(scenario, now: Date())
        #expect(built.system.cards.count == 1)
    }
}
