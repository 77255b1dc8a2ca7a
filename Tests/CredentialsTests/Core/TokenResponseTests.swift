import Testing

// Token response parsing: numbers or numeric strings, expires_on before expires_in, refresh_in.
@testable import Credentials

@Suite struct TokenResponseTests {
    func parse(_ json: String) -> Result<AccessToken, TokenResponseProblem> {
        TokenResponse.parse(Array(json.utf8), requestedAt: 1000)
    }

    @Test func expiryForms() throws {
        #expect(try parse(#"{"access_token":"a","expires_in":3599}"#).get().expiresOn == 4599)
        #expect(try parse(#"{"access_token":"a","expires_in":"3599"}"#).get().expiresOn == 4599)
        #expect(try parse(#"{"access_token":"a","expires_in":3599.0}"#).get().expiresOn == 4599)
        #expect(
            try parse(#"{"access_token":"a","expires_on":"1700086400","expires_in":"5"}"#).get().expiresOn
                == 1_700_086_400)
        #expect(try parse(#"{"access_token":"a","expires_on":1700086400}"#).get().expiresOn == 1_700_086_400)
        #expect(try parse(#"{"access_token":"a","expires_in":3599,"refresh_in":"1800"}"#).get().refreshOn == 2800)
    }

    @Test func problems() {
        for (json, expected) in [
            ("[]", "not a JSON object"), ("<html>", "not a JSON object"), (#"{"expires_in":1}"#, "no \"access_token\""),
            (#"{"access_token":"a"}"#, "no valid"),
            (#"{"access_token":"a b","expires_in":1}"#, "not a valid bearer token"),
            (#"{"access_token":"a","expires_on":"06/20/2019 02:57:58 +00:00"}"#, "no valid"),
        ] {
            guard case .failure(let problem) = parse(json) else {
                Issue.record("\(json) parsed")
                continue
            }
            #expect("\(problem)".contains(expected), "\(json)")
        }
    }

    @Test func errorBodies() {
        func message(_ json: String) -> String? { ErrorResponseMessage.from(Array(json.utf8)) }
        #expect(
            message(#"{"error":"invalid_request","error_description":"Identity not found"}"#)
                == "(invalid_request) Identity not found")
        #expect(message(#"{"error":"invalid_scope"}"#) == "invalid_scope")
        #expect(message(#"{"statusCode":500,"message":"boom"}"#) == "boom")
        #expect(
            message(#"{"error":{"code":"SecretHeaderNotFound","message":"no secret"}}"#)
                == "(SecretHeaderNotFound) no secret")
        #expect(message("<html>") == nil)
        #expect(message(#"{"error":"e","error_description":"line one\r\nline\ttwo"}"#) == "(e) line one line two")
    }
}
