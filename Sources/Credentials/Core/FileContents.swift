// Bounded whole-file reads for certificates and federated token files (the shared reader in Posix).
import Posix

typealias FileReadError = BoundedFileError

enum FileContents {
    /// Reads all of `path`, refusing files larger than `limit` bytes; the error names the path and the reason.
    static func read(_ path: String, limit: Int) -> Result<[UInt8], FileReadError> {
        BoundedFile.read(path, limit: limit)
    }
}
