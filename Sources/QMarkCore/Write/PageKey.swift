import Foundation

/// A stable 128-bit fingerprint of everything a page is made from (FNV-1a, twice with different
/// bases). Unlike `Hasher`, it is the same in every run, so it can name a page across builds.
struct PageKey: Sendable {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x6c62_272e_07bb_0142

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(buffer: $0) }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        a = (a ^ 0xff) &* 0x0000_0100_0000_01b3
        b = (b ^ 0xfe) &* 0x0000_0100_0000_01b3
    }

    mutating func add(_ texts: String?...) {
        for text in texts { add(text ?? "\u{0}") }
    }

    /// Adds a file's bytes, ended by a separator.
    mutating func add(data: Data) {
        data.withUnsafeBytes { add(buffer: $0.bindMemory(to: UInt8.self)) }
        a = (a ^ 0xff) &* 0x0000_0100_0000_01b3
        b = (b ^ 0xfe) &* 0x0000_0100_0000_01b3
    }

    /// Adds raw bytes, ended by a separator.
    mutating func add(bytes: Substring.UTF8View) {
        // Over the contiguous bytes when there are (always, for native strings): no iterator per byte.
        if bytes.withContiguousStorageIfAvailable({ add(buffer: $0) }) == nil {
            for byte in bytes { add(byte: byte) }
        }
        a = (a ^ 0xff) &* 0x0000_0100_0000_01b3
        b = (b ^ 0xfe) &* 0x0000_0100_0000_01b3
    }

    private mutating func add(buffer: UnsafeBufferPointer<UInt8>) {
        var a = self.a, b = self.b
        for byte in buffer {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 &+ 0x9e37
        }
        self.a = a
        self.b = b
    }

    private mutating func add(byte: UInt8) {
        a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 &+ 0x9e37
    }

    var value: String { String(a, radix: 16) + String(b, radix: 16) }
}
