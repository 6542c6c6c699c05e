import Foundation
import TendCore
import Testing

@testable import TendVault

@Suite("Keys and sealed records")
struct VaultTests {
    let owner = OwnerID(rawValue: "owner-1")

    @Test func thePassphraseAndTheRecoveryKeyOpenTheSameDataKey() async throws {
        let (keyRing, recoveryKey, dataKey) = try await KeyRing.create(passphrase: "slow breath out", cost: .testingOnly)
        let binding = RecordBinding(owner: owner, kind: "note", id: "n1")
        let sealed = try dataKey.seal(Data("warm hands".utf8), for: binding)

        let byPassphrase = try await keyRing.unlock(passphrase: "slow breath out")
        let byRecovery = try keyRing.unlock(recoveryKey: RecoveryKey(typed: recoveryKey.displayText))

        #expect(try byPassphrase.open(sealed, for: binding) == Data("warm hands".utf8))
        #expect(try byRecovery.open(sealed, for: binding) == Data("warm hands".utf8))
    }

    @Test func aWrongPassphraseIsSaidPlainly() async throws {
        let (keyRing, _, _) = try await KeyRing.create(passphrase: "slow breath out", cost: .testingOnly)

        await #expect(throws: VaultError.wrongPassphrase) { try await keyRing.unlock(passphrase: "slow breath in") }
    }

    @Test func aShortPassphraseIsRefusedBeforeAnyWork() async throws {
        await #expect(throws: VaultError.passphraseTooShort(minimum: KeyRing.minimumPassphraseLength)) {
            try await KeyRing.create(passphrase: "short", cost: .testingOnly)
        }
    }

    @Test func changingThePassphraseKeepsRecordsReadable() async throws {
        let (keyRing, recoveryKey, dataKey) = try await KeyRing.create(passphrase: "first passphrase", cost: .testingOnly)
        let binding = RecordBinding(owner: owner, kind: "note", id: "n1")
        let sealed = try dataKey.seal(Data("kept".utf8), for: binding)

        let changed = try await keyRing.changingPassphrase(to: "second passphrase", dataKey: dataKey, cost: .testingOnly)

        await #expect(throws: VaultError.wrongPassphrase) { try await changed.unlock(passphrase: "first passphrase") }
        #expect(try await changed.unlock(passphrase: "second passphrase").open(sealed, for: binding) == Data("kept".utf8))
        #expect(try changed.unlock(recoveryKey: recoveryKey).open(sealed, for: binding) == Data("kept".utf8))
        #expect(changed.recovery == keyRing.recovery)
    }

    @Test(arguments: [
        RecordBinding(owner: OwnerID(rawValue: "owner-2"), kind: "note", id: "n1"),
        RecordBinding(owner: OwnerID(rawValue: "owner-1"), kind: "session", id: "n1"),
        RecordBinding(owner: OwnerID(rawValue: "owner-1"), kind: "note", id: "n2"),
    ])
    func aBlobSwappedToAnotherRecordIsRefused(other: RecordBinding) async throws {
        let (_, _, dataKey) = try await KeyRing.create(passphrase: "slow breath out", cost: .testingOnly)
        let sealed = try dataKey.seal(Data("private".utf8), for: RecordBinding(owner: owner, kind: "note", id: "n1"))

        #expect(throws: VaultError.recordTampered) { try dataKey.open(sealed, for: other) }
    }

    @Test func everyFlippedByteIsDetected() async throws {
        let (_, _, dataKey) = try await KeyRing.create(passphrase: "slow breath out", cost: .testingOnly)
        let binding = RecordBinding(owner: owner, kind: "note", id: "n1")
        let sealed = try dataKey.seal(Data("private".utf8), for: binding)

        for index in sealed.indices {
            var tampered = sealed
            tampered[index] ^= 0x01
            #expect(throws: VaultError.recordTampered) { try dataKey.open(tampered, for: binding) }
        }
        #expect(throws: VaultError.recordTampered) { try dataKey.open(sealed.dropLast(), for: binding) }
    }

    @Test func sealedBytesDoNotContainThePlaintext() async throws {
        let (_, _, dataKey) = try await KeyRing.create(passphrase: "slow breath out", cost: .testingOnly)
        let canary = Data("canary-7f3a9c".utf8)

        let sealed = try dataKey.seal(canary, for: RecordBinding(owner: owner, kind: "note", id: "n1"))

        #expect(sealed.range(of: canary) == nil)
    }

    @Test func recoveryKeysAreForgivingToType() throws {
        let key = RecoveryKey.random()
        let text = key.displayText
        #expect(text.split(separator: "-").count == 8)
        #expect(text.split(separator: "-").allSatisfy { $0.count == 4 })

        let retyped = text.lowercased().replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "0", with: "o")

        #expect(try RecoveryKey(typed: retyped) == key)
    }

    @Test(arguments: ["", "ABCD", "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-678U", "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789-0"])
    func malformedRecoveryKeysAreRefused(text: String) {
        #expect(throws: VaultError.malformedRecoveryKey) { try RecoveryKey(typed: text) }
    }

    @Test func aWrongRecoveryKeyIsSaidPlainly() async throws {
        let (keyRing, _, _) = try await KeyRing.create(passphrase: "slow breath out", cost: .testingOnly)

        #expect(throws: VaultError.wrongRecoveryKey) { try keyRing.unlock(recoveryKey: RecoveryKey.random()) }
    }

    @Test func theStandardCostIsTheDesignedOneAndWorks() async throws {
        #expect(ScryptCost.standard == ScryptCost(rounds: 1 << 17, blockSize: 8, parallelism: 1))
        let (keyRing, _, _) = try await KeyRing.create(passphrase: "slow breath out")

        #expect(keyRing.passphrase.cost == .standard)
        _ = try await keyRing.unlock(passphrase: "slow breath out")
    }

    @Test func damagedCostParametersAreRefusedRatherThanRun() async throws {
        let (keyRing, _, _) = try await KeyRing.create(passphrase: "slow breath out", cost: .testingOnly)
        let damaged = KeyRing(
            passphrase: WrappedKey(salt: keyRing.passphrase.salt, cost: ScryptCost(rounds: 1000, blockSize: 8, parallelism: 1), sealedKey: keyRing.passphrase.sealedKey),
            recovery: keyRing.recovery)

        await #expect(throws: VaultError.keyMaterialDamaged) { try await damaged.unlock(passphrase: "slow breath out") }
    }

    @Test func aFeedLinkOpensOnlyWhatWasSealedForIt() throws {
        let link = FeedCapability.random()
        #expect(link.token.count == 43)
        #expect(FeedCapability(token: link.token) == link)
        #expect(!link.lookup.contains(link.token) && link.lookup.count == 64)
        let sealed = try link.seal(["hour": 19], owner: owner)
        #expect(try FeedCapability(token: link.token)?.open([String: Int].self, from: sealed, owner: owner) == ["hour": 19])
        // Another link, another owner, or a changed byte: refused.
        #expect(throws: VaultError.recordTampered) { try FeedCapability.random().open([String: Int].self, from: sealed, owner: owner) }
        #expect(throws: VaultError.recordTampered) { try link.open([String: Int].self, from: sealed, owner: OwnerID(rawValue: "someone-else")) }
        var altered = sealed
        altered[altered.count - 1] ^= 1
        #expect(throws: VaultError.recordTampered) { try link.open([String: Int].self, from: altered, owner: owner) }
        // Only the shape Tend makes is read as a token.
        for bad in ["", "short", String(repeating: "A", count: 42), String(repeating: "/", count: 43), link.token + "A"] {
            #expect(FeedCapability(token: bad) == nil)
        }
    }
}
