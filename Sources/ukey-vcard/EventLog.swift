// Line log for ukey-vcard: every line to --log FILE when given (flushed at once, so tests can
// read it while the card runs), important ones also to stderr.
import Foundation

final class EventLog {
    private let file: UnsafeMutablePointer<FILE>?
    private let start = ContinuousClock.now

    init(path: String?) throws(VCardError) {
        guard let path else { file = nil; return }
        guard let opened = fopen(path, "a") else {
            throw VCardError("cannot open log file \(path): \(String(cString: strerror(errno)))")
        }
        file = opened
    }

    deinit {
        if let file { fclose(file) }
    }

    /// Detail for the log file only (APDUs, control commands).
    func trace(_ message: @autoclosure () -> String) {
        guard let file else { return }
        write(message(), to: file)
    }

    /// Events worth seeing on the terminal too (connected, card pulled, stopping).
    func note(_ message: String) {
        if let file { write(message, to: file) }
        FileHandle.standardError.write(Data("ukey-vcard: \(message)\n".utf8))
    }

    private func write(_ message: String, to file: UnsafeMutablePointer<FILE>) {
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        fputs(String(format: "%10.3f ", ms) + message + "\n", file)
        fflush(file)
    }
}

/// Upper-case hex without separators. By hand: String(format:) per byte costs ~0.3 ms for a
/// 256-byte response in a debug build, more than the APDU round trip itself.
func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
