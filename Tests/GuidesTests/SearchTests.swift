import Foundation
import Testing
@testable import Guides

/// Every error string the guides quote, typed the ways users type or read it out, finds its tree first.
@Suite struct SearchTests {
    static let index = SearchIndex(library: ShippedContent.compiled.library)

    /// (what the guide shows, profile, tree). Written from the guides, not from the content files.
    static let quoted: [(String, String, String)] = [
        ("产生密钥对失败", "spp-12309", "error-1"),
        ("您的证书非本系统用户,不能登录当前系统", "spp-12309", "error-5"),
        ("您的证书已被吊销,不能进行在线更新", "spp-12309", "error-5"),
        ("未查询到与证书关联的用户", "spp-12309", "error-6"),
        ("无权限", "spp-12309", "error-7"),
        ("正在解锁中", "spp-12309", "password-locked"),
        ("证书有效期大于180天，无需申请证书！", "mfa-consular", "no-renewal-needed"),
        ("证书助手 已停止工作", "mfa-consular", "assistant-stopped"),
        ("签名失败,请刷新后重试", "guizhou-prison", "signing-failed"),
        ("签章身份信息不匹配[请检查身份证号]", "guizhou-prison", "identity-mismatch"),
        ("未检测到 KEY 插入", "guizhou-prison", "key-not-detected"),
        ("密码已锁死", "guizhou-prison", "locked-pin"),
        ("用户证书不存在", "shandong-sydw", "certificate-missing"),
        ("用户已经注销或未登录，请重新登录", "shandong-sydw", "logged-out"),
    ]

    /// Ways a user types what they read: as is, without punctuation, with other-width punctuation,
    /// spaced out, a middle part only, after "it says".
    static func variants(_ text: String) -> [String] {
        let plain = String(text.filter { $0.isLetter || $0.isNumber })
        let swapped = String(text.map { c -> Character in
            switch c {
            case ",": "，"
            case "，": ","
            case "!": "！"
            case "！": "!"
            case "[": "【"
            case "]": "】"
            default: c
            }
        })
        let spaced = plain.map(String.init).joined(separator: " ")
        var result = [text, plain, swapped, spaced, "提示：" + text, "it says \(plain)"]
        let characters = Array(plain)
        if characters.count >= 6 {
            let start = characters.count / 5
            result.append(String(characters[start..<(start + max(4, characters.count * 3 / 5))]))
        }
        return result
    }

    @Test(arguments: quoted)
    func quotedErrorStringFindsItsTree(_ entry: (String, String, String)) throws {
        let (text, profile, tree) = entry
        for query in Self.variants(text) {
            let first = Self.index.search(query).first
            #expect(first?.profile == profile && first?.tree == tree,
                    "“\(query)” → \(first.map { "\($0.profile)/\($0.tree) (\($0.score))" } ?? "nothing"), expected \(profile)/\(tree)")
            let scoped = Self.index.search(query, profile: profile).first
            #expect(scoped?.tree == tree, "“\(query)” with --profile \(profile) → \(scoped?.tree ?? "nothing")")
        }
    }

    /// The 12309 messages 2–4 survive only as numbered screenshots: users say the number.
    @Test(arguments: 1...7)
    func errorsByNumber(_ number: Int) {
        for query in ["报错提示\(number)", "报错提示 \(number)", "错误\(number)", "error \(number)"] {
            let first = Self.index.search(query, profile: "spp-12309").first
            #expect(first?.tree == "error-\(number)", "“\(query)” → \(first?.tree ?? "nothing")")
        }
    }

    @Test func misheardCharacterStillFindsTheTree() {
        #expect(Self.index.search("产生秘钥对失败").first?.tree == "error-1")
        #expect(Self.index.search("签名失败请刷新重试").first?.tree == "signing-failed")
    }

    @Test func englishRenderingsOfTheErrors() {
        let cases: [(String, String)] = [
            ("failed to generate key pair", "error-1"),
            ("no permission", "error-7"),
            ("signing failed, please refresh and try again", "signing-failed"),
            ("KEY not detected", "key-not-detected"),
            ("user certificate does not exist", "certificate-missing"),
        ]
        for (query, tree) in cases {
            let first = Self.index.search(query).first
            #expect(first?.tree == tree, "“\(query)” → \(first.map { "\($0.profile)/\($0.tree)" } ?? "nothing")")
        }
    }

    @Test func nonsenseFindsNothing() {
        #expect(Self.index.search("qqqq zzzz").isEmpty)
        #expect(Self.index.search("！！，，").isEmpty)
    }

    @Test func normalisationFoldsWidthCaseAndPunctuation() {
        #expect(SearchIndex.normalize("“产生密钥对失败！”") == Array("产生密钥对失败"))
        #expect(SearchIndex.normalize("ＫＥＹ　Not  Detected") == Array("keynotdetected"))
    }
}
