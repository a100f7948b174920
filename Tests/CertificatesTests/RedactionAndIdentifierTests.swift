import Testing
import Certificates

@Suite("Redaction")
struct RedactionTests {
    @Test("ID numbers keep region and last four", arguments: [
        ("110101199003071233", "110101********1233"),
        ("11010520000229003X", "110105********003X"),
        ("110101900307123", "110101*****7123"),
        ("12345", "*****"),
        ("", ""),
    ])
    func idNumbers(_ input: String, _ expected: String) {
        #expect(Redaction.maskIDNumber(input) == expected)
    }

    @Test("Phone numbers", arguments: [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "+86 138 **** 5678"),
        ("+8613812345678", "+86138****5678"),
        ("0851-86868686", "0851-****8686"),
        ("010 12345678", "010 ****5678"),
        ("12345", "*****"),
    ])
    func phones(_ input: String, _ expected: String) {
        #expect(Redaction.maskPhone(input) == expected)
    }

    @Test("Scrubbing free text")
    func scrub() {
        #expect(Redaction.scrub("身份证110101199003071233，电话13812345678。")
            == "身份证110101********1233，电话138****5678。")
        #expect(Redaction.scrub("ID 11010520000229003x ok") == "ID 110105********003x ok")
        // Left alone: hex with letters around, too long, too short, not a mobile prefix.
        for untouched in ["A13812345678B", "fingerprint 138123456789", "serial 1234567", "tel 12012345678",
                          "hex 110101199003071233AB"] {
            #expect(Redaction.scrub(untouched) == untouched)
        }
    }
}

@Suite("Chinese identifiers")
struct ChineseIdentifierTests {
    @Test("GB 11643 ID numbers", arguments: [
        ("110101199003071233", true),
        ("520102198512310018", true),
        ("44030019990101002X", true),
        ("44030019990101002x", true),
        ("432503198601126215", false),   // check digit should be 0
        ("110101199002301234", false),   // 30 February
        ("11010119900307123", false),    // 17 digits
        ("1101011990030712333", false),
        ("11010119900307123A", false),
        ("110101900307123", true),       // first-generation, 15 digits
        ("110101901307123", false),      // month 13
    ])
    func idNumbers(_ id: String, _ valid: Bool) {
        #expect(ChineseIdentifiers.isValidIDNumber(id) == valid)
    }

    @Test("Check character")
    func checkCharacter() {
        #expect(ChineseIdentifiers.idCheckCharacter(forFirst17: "11010119900307123") == "3")
        #expect(ChineseIdentifiers.idCheckCharacter(forFirst17: "44030019990101002") == "X")
        #expect(ChineseIdentifiers.idCheckCharacter(forFirst17: "4403001999010100") == nil)
    }

    @Test("GB 32100 unified social credit codes", arguments: [
        ("91440300349714137M", true),    // the value in an SZCA SDK sample
        ("91110000100011743X", true),
        ("12100000400000035F", true),
        ("91440300349714137N", false),
        ("9144030034971413IM", false),   // I is not in the alphabet
        ("91AB0300349714137M", false),   // positions 3-8 are digits
        ("91440300349714137", false),
    ])
    func uscc(_ code: String, _ valid: Bool) {
        #expect(ChineseIdentifiers.isValidUnifiedSocialCreditCode(code) == valid)
    }

    @Test("GB 11714 organisation codes", arguments: [
        ("10001174-3", true), ("100011743", true), ("40000003-4", true), ("MA5G4K3Y-4", true),
        ("10001174-4", false), ("1000117-43", false), ("10001174", false), ("1000117a-3", false),
    ])
    func orgCodes(_ code: String, _ valid: Bool) {
        #expect(ChineseIdentifiers.isValidOrganizationCode(code) == valid)
    }
}
