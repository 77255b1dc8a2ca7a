// A TokenCredential whose answers a test scripts, counting calls.
import Credentials
import Synchronization

final class StubCredential: TokenCredential {
    typealias Answer = @Sendable (_ call: Int) async -> Result<AccessToken, CredentialError>

    let name: String
    private let answer: Answer
    private let callCount = Mutex(0)

    init(_ name: String = "StubCredential", answer: @escaping Answer) {
        self.name = name
        self.answer = answer
    }

    /// Always the same answer.
    convenience init(_ name: String = "StubCredential", _ result: Result<AccessToken, CredentialError>) {
        self.init(name) { _ in result }
    }

    var calls: Int { callCount.withLock { $0 } }

    func getToken(scope: String) async throws(CredentialError) -> AccessToken {
        let call = callCount.withLock { count -> Int in
            count += 1
            return count
        }
        return try await answer(call).get()
    }
}
