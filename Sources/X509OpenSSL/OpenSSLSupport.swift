import COpenSSL
import Foundation

/// OpenSSL keeps errors in a per-thread queue. Every entry point clears it first
/// and drains it on the way out, so one bad file never colours the next call.
enum OpenSSLErrors {
    static func clear() { ERR_clear_error() }

    /// Empties the queue; returns the oldest error (the root cause) as "library: reason".
    @discardableResult
    static func drain() -> String? {
        var first: String?
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            if first == nil { first = describe(code) }
        }
        return first
    }

    static func describe(_ code: UInt) -> String {
        let reason = ERR_reason_error_string(code).map { String(cString: $0) }
        let library = ERR_lib_error_string(code).map { String(cString: $0) }
        switch (library, reason) {
        case (let library?, let reason?): return "\(library): \(reason)"
        case (nil, let reason?): return reason
        default:
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}

/// Owning wrappers: each frees its OpenSSL object exactly once, in deinit.
final class OwnedX509 {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { X509_free(pointer) }
}

final class OwnedBIO {
    let pointer: OpaquePointer
    init?(_ pointer: OpaquePointer?) {
        guard let pointer else { return nil }
        self.pointer = pointer
    }
    deinit { BIO_free(pointer) }

    /// A read-only BIO over `bytes`; the caller keeps `bytes` alive while it is used.
    static func reading(_ bytes: UnsafeRawBufferPointer) -> OwnedBIO? {
        OwnedBIO(BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)))
    }

    static func memory() -> OwnedBIO? { OwnedBIO(BIO_new(BIO_s_mem())) }

    /// Everything written to a memory BIO so far.
    var contents: [UInt8] {
        var start: UnsafeMutablePointer<CChar>?
        let length = co_BIO_get_mem_data(pointer, &start)
        guard let start, length > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: start, count: length))
    }
}

final class OwnedPKey: @unchecked Sendable {
    // Sendable: an EVP_PKEY that is fully built is only read afterwards (signing,
    // i2d), which OpenSSL 3 allows from several threads at once.
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EVP_PKEY_free(pointer) }
}

enum OpenSSLText {
    /// Dotted OID of an ASN1_OBJECT.
    static func oid(_ object: OpaquePointer?) -> String {
        guard let object else { return "" }
        var buffer = [CChar](repeating: 0, count: 128)
        let needed = Int(OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1))
        if needed >= buffer.count {
            buffer = [CChar](repeating: 0, count: needed + 1)
            _ = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func shortName(_ object: OpaquePointer?) -> String? {
        let nid = OBJ_obj2nid(object)
        guard nid != NID_undef, let sn = OBJ_nid2sn(nid) else { return nil }
        return String(cString: sn)
    }

    static func longName(_ object: OpaquePointer?) -> String? {
        let nid = OBJ_obj2nid(object)
        guard nid != NID_undef, let ln = OBJ_nid2ln(nid) else { return nil }
        return String(cString: ln)
    }

    /// Takes ownership of an OPENSSL_malloc'd C string.
    static func consume(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { co_OPENSSL_free(pointer) }
        return String(cString: pointer)
    }
}
