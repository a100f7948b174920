/// Masks personal numbers before a report leaves the machine (pasted into WeChat/QQ).
public enum Redaction {
    /// Keeps the region code (6) and the last 4, masks the rest:
    /// "110101199003071234" → "110101********1234". Shorter strings are masked whole.
    public static func maskIDNumber(_ id: String) -> String {
        let chars = Array(id)
        guard chars.count >= 11 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(6)) + String(repeating: "*", count: chars.count - 10) + String(chars.suffix(4))
    }

    /// Masks a phone number, keeping what support staff need to recognise it:
    /// mobile "13812345678" → "138****5678"; landline "0851-86868686" → "0851-****8686";
    /// a "+86"/"86" prefix is kept. Separators stay where they were.
    public static func maskPhone(_ phone: String) -> String {
        var chars = Array(phone)
        var start = 0
        // Country code, written "+86" or "86 " / "86-" before the number.
        if phone.hasPrefix("+86") {
            start = 3
        } else if phone.hasPrefix("86"), chars.count > 2, !chars[2].isASCIIDigit {
            start = 2
        }
        // Landline with an area code group: keep the group, mask the subscriber number.
        var hasAreaGroup = false
        let body = chars[start...]
        if let firstDigit = body.firstIndex(where: \.isASCIIDigit), chars[firstDigit] == "0",
           let separator = body[firstDigit...].firstIndex(where: { $0 == "-" || $0 == " " }) {
            start = separator + 1
            hasAreaGroup = true
        }
        let digitPositions = chars.indices.filter { $0 >= start && chars[$0].isASCIIDigit }
        let n = digitPositions.count
        let keepTail = n >= 7 ? 4 : 0
        let keepHead = n >= 10 && !hasAreaGroup ? 3 : 0
        for (i, position) in digitPositions.enumerated() where i >= keepHead && i < n - keepTail {
            chars[position] = "*"
        }
        return String(chars)
    }

    /// Masks every ID number (17 digits + digit or X) and mobile number (11 digits
    /// starting 13–19) standing alone in free text. Digits next to letters (hex,
    /// fingerprints) are left alone.
    public static func scrub(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        while i < chars.count {
            guard chars[i].isASCIIDigit, i == 0 || !isASCIIAlnum(chars[i - 1]) else {
                out.append(chars[i])
                i += 1
                continue
            }
            var j = i
            while j < chars.count, chars[j].isASCIIDigit { j += 1 }
            if j - i == 17, j < chars.count, chars[j] == "X" || chars[j] == "x" { j += 1 }
            let run = String(chars[i..<j])
            let boundedAfter = j == chars.count || !isASCIIAlnum(chars[j])
            if boundedAfter, run.count == 18 {
                out += maskIDNumber(run)
            } else if boundedAfter, run.count == 11, run.hasPrefix("1"), let second = run.dropFirst().first,
                      "3456789".contains(second) {
                out += maskPhone(run)
            } else {
                out += run
            }
            i = j
        }
        return out
    }

    private static func isASCIIAlnum(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
