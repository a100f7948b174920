// A certificate file as a user hands it to `ukey-doctor cert` or a token returns it: DER, PEM
// (any blocks), bare base64, garbage. OpenSSL reads it; our code classifies the input, frames
// DER, digs the Chinese extensions for ID numbers and organisation codes, and judges renewal.
import Certificates
import Diagnosis
import Foundation
import FuzzSupport
import X509OpenSSL

let library = ShippedContent.library
let encoder = JSONEncoder()
let decoder = JSONDecoder()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCertificate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)

    // The pure readers on their own, on every input.
    consume(try? CertificateInput.classify(bytes))
    consume(CertificateInput.hasUnterminatedCertificateBlock(bytes))
    consume(DER.framing(of: bytes[...]))
    consume(DER.strings(in: bytes[...]))

    let summaries: [CertificateSummary]
    do throws(CertificateError) {
        summaries = try X509Reader.summaries(of: bytes)
        let first = try X509Reader.summary(of: bytes)
        require(summaries.first?.fingerprintSHA256 == first.fingerprintSHA256, "summary is the first of summaries")
    } catch {
        consume(error)
        return 0
    }
    for summary in summaries {
        let check = CertificateCheck(summary: summary, library: library, profile: nil, now: fuzzNow,
                                     releaseDate: fuzzNow.addingTimeInterval(-86_400 * 30))
        consume(check.findings)
        consume(ClockCheck.check(now: fuzzNow, certificates: [summary]))
        consume(summary.idNumber.map(Redaction.maskIDNumber))
        consume(Redaction.scrub(summary.subject))
        // The JSON the report carries reads back to the same summary.
        if let json = try? encoder.encode(summary) {
            require((try? decoder.decode(CertificateSummary.self, from: json)) == summary, "JSON round trip")
        }
    }
    return 0
}
