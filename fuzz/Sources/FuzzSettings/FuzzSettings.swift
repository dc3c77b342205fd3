import Foundation
import QMarkCore

/// One input read as `site.yml` and as a clause catalogue (`standards/*.yml`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSettings(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(bytes: data, count: size)
    _ = SiteConfigParser.parse(SourceFile(path: "site.yml", data: bytes))
    _ = CatalogueParser.parse(SourceFile(path: "standards/fuzz.yml", data: bytes))
    return 0
}
