// The OpenSSL and zlib system-library targets resolve and link (libssl-dev and zlib1g-dev are installed).
import COpenSSL
import CZlib
import Testing

@Suite struct SystemLibrariesTests {
    @Test func openSSLComputesTheRFC3174SHA1TestVector() {
        var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        let input = Array("abc".utf8)
        _ = SHA1(input, input.count, &digest)
        let hex = digest.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        #expect(hex == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test func zlibRoundTripsThroughDeflateAndInflate() {
        let input = Array(String(repeating: "realtime relay ", count: 100).utf8)
        var stream = z_stream()
        #expect(CZlib_deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK)
        var compressed = [UInt8](repeating: 0, count: 4096)
        var source = input
        let compressedCount = source.withUnsafeMutableBufferPointer { input in
            compressed.withUnsafeMutableBufferPointer { output -> Int in
                stream.next_in = input.baseAddress
                stream.avail_in = uInt(input.count)
                stream.next_out = output.baseAddress
                stream.avail_out = uInt(output.count)
                _ = deflate(&stream, Z_FINISH)
                return output.count - Int(stream.avail_out)
            }
        }
        deflateEnd(&stream)
        #expect(compressedCount > 0 && compressedCount < input.count / 10)

        var inflater = z_stream()
        #expect(CZlib_inflateInit2(&inflater, -15) == Z_OK)
        var restored = [UInt8](repeating: 0, count: input.count)
        compressed.withUnsafeMutableBufferPointer { input in
            restored.withUnsafeMutableBufferPointer { output in
                inflater.next_in = input.baseAddress
                inflater.avail_in = uInt(compressedCount)
                inflater.next_out = output.baseAddress
                inflater.avail_out = uInt(output.count)
                _ = inflate(&inflater, Z_FINISH)
            }
        }
        inflateEnd(&inflater)
        #expect(restored == input)
    }
}
