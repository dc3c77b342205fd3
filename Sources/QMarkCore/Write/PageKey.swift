/// A stable 128-bit fingerprint of everything a page is made from (FNV-1a, twice with different
/// bases). Unlike `Hasher`, it is the same in every run, so it can name a page across builds.
struct PageKey: Sendable {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x6c62_272e_07bb_0142

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 &+ 0x9e37
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        a = (a ^ 0xff) &* 0x0000_0100_0000_01b3
        b = (b ^ 0xfe) &* 0x0000_0100_0000_01b3
    }

    mutating func add(_ texts: String?...) {
        for text in texts { add(text ?? "\u{0}") }
    }

    /// Adds raw bytes, ended by a separator.
    mutating func add(bytes: Substring.UTF8View) {
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 &+ 0x9e37
        }
        a = (a ^ 0xff) &* 0x0000_0100_0000_01b3
        b = (b ^ 0xfe) &* 0x0000_0100_0000_01b3
    }

    var value: String { String(a, radix: 16) + String(b, radix: 16) }
}
