import Foundation
import Testing

@testable import TendVault

@Suite("A practitioner's second factor and the shares sealed to them")
struct PractitionerCryptoTests {
    /// RFC 6238's SHA-1 test values, last six digits.
    @Test(arguments: [
        (59.0, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"),
        (2_000_000_000, "279037"), (20_000_000_000, "353130"),
    ])
    func codesAreThoseOfTheStandard(time: Double, code: String) {
        let totp = OneTimeCode(secret: Data("12345678901234567890".utf8))
        #expect(totp.code(at: Date(timeIntervalSince1970: time)) == code)
    }

    @Test func aCodeMatchesItsOwnStepAndOneEitherSideOnly() {
        let totp = OneTimeCode()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let step = OneTimeCode.timeStep(at: now)
        #expect(totp.matchingStep(totp.code(at: now), at: now) == step)
        #expect(totp.matchingStep(totp.code(forStep: step - 1), at: now) == step - 1)
        #expect(totp.matchingStep(totp.code(forStep: step + 1), at: now) == step + 1)
        let stale = totp.code(forStep: step - 3)
        #expect(totp.matchingStep(stale, at: now) == nil || [totp.code(forStep: step - 1), totp.code(at: now), totp.code(forStep: step + 1)].contains(stale))
        #expect(totp.matchingStep("12345", at: now) == nil)
        #expect(totp.matchingStep("abcdef", at: now) == nil)
    }

    @Test func theSecretGoesToAnAppAndComesBackAsItself() throws {
        let totp = OneTimeCode()
        #expect(OneTimeCode(base32: totp.base32) == totp)
        #expect(OneTimeCode(base32: totp.base32.lowercased().replacingOccurrences(of: " ", with: "-")) == totp)
        #expect(OneTimeCode(base32: "not base32!") == nil)
        let link = totp.authenticatorLink(account: "sam", issuer: "Tend")
        #expect(link.hasPrefix("otpauth://totp/Tend:sam?secret=\(totp.base32.replacingOccurrences(of: " ", with: ""))"))
    }

    @Test func onlyThePractitionersKeyOpensAShareAndOnlyForItsLink() throws {
        let practitioner = ShareKeyPair()
        let other = ShareKeyPair()
        let sealed = try ShareSeal.seal(Data("a canary note".utf8), to: practitioner.publicKey, context: "share link-1")
        #expect(practitioner.open(sealed, context: "share link-1") == Data("a canary note".utf8))
        #expect(other.open(sealed, context: "share link-1") == nil)
        #expect(practitioner.open(sealed, context: "share link-2") == nil)
        var tampered = sealed
        tampered[tampered.count - 1] ^= 1
        #expect(practitioner.open(tampered, context: "share link-1") == nil)
        #expect(practitioner.open(Data([1, 2, 3]), context: "share link-1") == nil)
        // Kept and made again from its private half, it is the same key pair.
        #expect(try ShareKeyPair(raw: practitioner.raw).open(sealed, context: "share link-1") != nil)
        #expect(throws: VaultError.self) { try ShareSeal.seal(Data(), to: Data([0, 1]), context: "x") }
    }
}
