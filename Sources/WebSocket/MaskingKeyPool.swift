// Unpredictable masking keys (RFC 6455 §10.3) without a system call per frame.

#if canImport(Glibc)
import Glibc
#endif

/// Hands out 4-byte masking keys from 256 bytes of kernel randomness, refilled with one `read` of
/// `/dev/urandom` when used up (Glibc's module does not export `getrandom`). If the device cannot be
/// read, the pool falls back to `SystemRandomNumberGenerator`. A class so copies of an encoder share
/// one pool and never replay each other's keys; loop-confined like the encoder.
final class MaskingKeyPool {
    private static let keyCount = 64
    private let keys = UnsafeMutablePointer<UInt32>.allocate(capacity: MaskingKeyPool.keyCount)
    private var next = MaskingKeyPool.keyCount

    init() {}

    deinit { keys.deallocate() }

    /// A fresh key; one refill every 64 keys.
    func take() -> UInt32 {
        if next == Self.keyCount { refill() }
        defer { next &+= 1 }
        return keys[next]
    }

    private func refill() {
        let bytes = UnsafeMutableRawBufferPointer(start: keys, count: Self.keyCount * 4)
        if !Self.readRandomDevice(into: bytes) {
            var generator = SystemRandomNumberGenerator()
            for index in 0..<(Self.keyCount / 2) {
                bytes.storeBytes(of: generator.next(), toByteOffset: index * 8, as: UInt64.self)
            }
        }
        next = 0
    }

    /// Fills `bytes` from /dev/urandom; false if the device is unavailable or a read fails.
    private static func readRandomDevice(into bytes: UnsafeMutableRawBufferPointer) -> Bool {
        guard randomDevice >= 0 else { return false }
        var filled = 0
        while filled < bytes.count {
            let result = read(randomDevice, bytes.baseAddress! + filled, bytes.count - filled)
            if result > 0 {
                filled += result
            } else if result < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }
}

/// Opened on first use and kept for the life of the process, shared by every loop (reads of
/// /dev/urandom are thread-safe).
private let randomDevice: Int32 = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

@available(*, unavailable, message: "a MaskingKeyPool belongs to one encoder on one loop thread")
extension MaskingKeyPool: Sendable {}
