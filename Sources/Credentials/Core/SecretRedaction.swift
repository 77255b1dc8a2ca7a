// Defence in depth: scrubs known secrets and JWT-shaped strings from any message before it leaves the module.

enum SecretRedaction {
    /// Secrets shorter than this are not searched for: replacing every "a" in a message helps nobody.
    static let minimumSecretLength = 4

    /// `text` with each secret of `secrets`, and every JWT-looking run (`eyJ…` of 20+ base64url/dot
    /// characters: access tokens, client assertions), replaced by `***`.
    static func redact(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where secret.utf8.count >= minimumSecretLength {
            result = result.replacing(secret, with: "***")
            // An endpoint echoing a form body or query would show the encoded form.
            let encoded = FormEncoding.percentEncode(secret)
            if encoded != secret { result = result.replacing(encoded, with: "***") }
        }
        return redactingJWTs(result)
    }

    private static func redactingJWTs(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if index + 3 <= bytes.count, bytes[index] == UInt8(ascii: "e"), bytes[index + 1] == UInt8(ascii: "y"),
                bytes[index + 2] == UInt8(ascii: "J")
            {
                var end = index
                while end < bytes.count, isTokenByte(bytes[end]) { end += 1 }
                // A JWT never ends with a dot; one here ends the sentence.
                while end > index, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
                if end - index >= 20 {
                    output += Array("***".utf8)
                    index = end
                    continue
                }
            }
            output.append(bytes[index])
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "="):
            true
        default:
            false
        }
    }
}
