import Foundation
import QMarkCore

/// One input split at its first NUL byte into two versions of a source, compared as a redline.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRedline(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(bytes: data, count: size)
    let cut = bytes.firstIndex(of: 0) ?? bytes.count / 2
    let old = String(decoding: bytes[..<cut], as: UTF8.self)
    let new = String(decoding: bytes[min(cut + 1, bytes.count)...], as: UTF8.self)
    _ = Redline.compare(old, new, foldLabel: { "\($0) unchanged" })
    return 0
}
