// ATR decoding (ISO 7816-3 interface bytes, ISO 7816-4 historical bytes) on any bytes a reader
// reports, and naming by our token table. Properties: every byte is accounted for, the hex text
// reads back to the same ATR.
import FuzzSupport
import SmartCard

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzATR(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let atr = ATR(bytes: bytes)
    consume(atr.description)
    consume(atr.isWellFormed)
    consume(atr.parameters.cyclesPerETU)
    require(atr.bytes == bytes, "the ATR keeps its bytes")
    if bytes.count >= 2 {
        // TS, T0, interface bytes, historical bytes, TCK and the bytes after it: nothing dropped.
        let accounted = 2 + atr.interfaceBytes.count + atr.historicalBytes.count + (atr.tck == nil ? 0 : 1) + atr.extraBytes.count
        require(accounted == bytes.count, "\(accounted) of \(bytes.count) bytes accounted for")
    }
    require(atr.historicalBytes.count <= atr.declaredHistoricalCount, "more historical bytes than T0 announces")
    require(ATR(hex: Hex.encode(bytes)) == atr, "hex round trip")

    // Historical bytes on their own, longer than an ATR allows (the compact-TLV reader's limits).
    consume(HistoricalBytes(bytes: bytes).lines)
    consume(KnownTokens.matches(for: bytes))
    consume(ATRNamer(catalog: nil).identify(bytes).bestName)
    // Hex as a user types it into a search or a scenario.
    if let decoded = Hex.decode(String(decoding: bytes, as: UTF8.self)) { consume(ATR(bytes: decoded).description) }
    return 0
}
