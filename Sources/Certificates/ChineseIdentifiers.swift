/// Checks for the identifiers found in Chinese certificates. Each check follows the
/// national standard named on it; the weights were compared with public validators.
public enum ChineseIdentifiers {
    /// Citizen ID number, GB 11643-1999: 17 digits + check character (0-9 or X),
    /// birth date at positions 7–14. The 15-digit first-generation number (no check
    /// character, 2-digit year) is accepted as well-formed.
    public static func isValidIDNumber(_ id: String) -> Bool {
        let chars = Array(id.uppercased().utf8)
        if chars.count == 15 {
            guard chars.allSatisfy(isDigit) else { return false }
            return isPlausibleDate(year: 1900 + number(chars[6..<8]), month: number(chars[8..<10]), day: number(chars[10..<12]))
        }
        guard chars.count == 18, chars[0..<17].allSatisfy(isDigit) else { return false }
        guard isDigit(chars[17]) || chars[17] == UInt8(ascii: "X") else { return false }
        guard isPlausibleDate(year: number(chars[6..<10]), month: number(chars[10..<12]), day: number(chars[12..<14])) else {
            return false
        }
        return idCheckCharacter(chars[0..<17]) == chars[17]
    }

    /// The GB 11643 check character for the first 17 digits.
    public static func idCheckCharacter(forFirst17 digits: String) -> Character? {
        let chars = Array(digits.utf8)
        guard chars.count == 17, chars.allSatisfy(isDigit) else { return nil }
        return Character(Unicode.Scalar(idCheckCharacter(chars[0..<17])))
    }

    /// Unified social credit code, GB 32100-2015: 18 characters from
    /// "0123456789ABCDEFGHJKLMNPQRTUWXY", positions 3–8 digits, check character last.
    public static func isValidUnifiedSocialCreditCode(_ code: String) -> Bool {
        let chars = Array(code.utf8)
        guard chars.count == 18 else { return false }
        var values: [Int] = []
        for c in chars {
            guard let v = usccAlphabet.firstIndex(of: c) else { return false }
            values.append(v)
        }
        guard chars[2..<8].allSatisfy(isDigit) else { return false }
        var sum = 0
        for i in 0..<17 { sum += values[i] * usccWeights[i] }
        let check = (31 - sum % 31) % 31
        return values[17] == check
    }

    /// National organisation code, GB 11714-1997: 8 digits/letters + check character
    /// (0-9 or X), written "12345678-9" or "123456789".
    public static func isValidOrganizationCode(_ code: String) -> Bool {
        var chars = Array(code.utf8)
        if chars.count == 10, chars[8] == UInt8(ascii: "-") { chars.remove(at: 8) }
        guard chars.count == 9 else { return false }
        var sum = 0
        for i in 0..<8 {
            guard let v = orgCodeValue(chars[i]) else { return false }
            sum += v * orgWeights[i]
        }
        let c9 = 11 - sum % 11
        let expected: UInt8 = c9 == 10 ? UInt8(ascii: "X") : (c9 == 11 ? UInt8(ascii: "0") : UInt8(ascii: "0") + UInt8(c9))
        return chars[8] == expected
    }

    // MARK: - Internals

    private static let idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let idCheckTable = Array("10X98765432".utf8)
    private static let usccAlphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)
    private static let usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    private static let orgWeights = [3, 7, 9, 10, 5, 8, 4, 2]

    private static func idCheckCharacter(_ digits: ArraySlice<UInt8>) -> UInt8 {
        var sum = 0
        for (i, d) in digits.enumerated() { sum += Int(d - UInt8(ascii: "0")) * idWeights[i] }
        return idCheckTable[sum % 11]
    }

    private static func orgCodeValue(_ c: UInt8) -> Int? {
        if isDigit(c) { return Int(c - UInt8(ascii: "0")) }
        if c >= UInt8(ascii: "A"), c <= UInt8(ascii: "Z") { return Int(c - UInt8(ascii: "A")) + 10 }
        return nil
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func isPlausibleDate(year: Int, month: Int, day: Int) -> Bool {
        guard year >= 1900, year <= 2100, (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
