import Foundation
import QMarkCore

/// One input: bytes as `git log -z --raw` in QMark's format would print them. Whatever they
/// hold, the reader returns commits without trapping, and every commit it returns has the
/// fields the format promises.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGitLog(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let commits = GitLog.parse(Data(bytes: data, count: size))
    for commit in commits {
        precondition(!commit.id.isEmpty, "a commit without an id")
        _ = commit.isEditorial
        _ = commit.trailer("Approved-by")
    }
    return 0
}
