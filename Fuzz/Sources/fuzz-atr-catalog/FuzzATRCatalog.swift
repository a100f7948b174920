// smartcard_list.txt reading and ATR matching. Property: the one-pass matcher the probe uses
// names exactly the entries the full catalog does.
import FuzzSupport
import SmartCard

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzATRCatalog(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (atr, list) = CatalogInput.decode(fuzzInput(data, size))
    let catalog = ATRCatalog(listBytes: list)
    let full = catalog.matches(for: atr).map(\.line)
    let streamed = ATRCatalog.matches(for: atr, listBytes: list).map(\.line)
    require(full == streamed, "full catalog \(full) but one pass \(streamed) for \(Hex.encode(atr))")
    consume(ATRNamer(catalog: catalog).identify(atr).bestName)
    return 0
}
