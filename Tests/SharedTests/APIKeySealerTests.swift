import Crypto
import Foundation
import Testing

@testable import Shared

@Suite struct APIKeySealerTests {
    static let apiID = "ak_0123456789abcdef01234567"
    static let apiKey = "Zx3v8nQ2_kLw-0pR7sT1uV4yA6bC9dE2fG5hJ8kM0nP"

    static func sealer() throws -> APIKeySealer {
        try APIKeySealer(base64MasterKey: APIKeySealer.generateMasterKey())
    }

    @Test func roundTrips() throws {
        let sealer = try Self.sealer()
        let sealed = try sealer.seal(apiKey: Self.apiKey, apiID: Self.apiID)
        #expect(try sealer.open(sealed, apiID: Self.apiID) == Self.apiKey)
        #expect(sealed.first == APIKeySealer.currentVersion)
        // Version byte + 12-byte nonce + ciphertext as long as the key + 16-byte tag.
        #expect(sealed.count == 1 + 12 + Self.apiKey.utf8.count + 16)
        #expect(!String(decoding: sealed, as: UTF8.self).contains(Self.apiKey))
    }

    @Test func sealingTwiceGivesDifferentBytes() throws {
        let sealer = try Self.sealer()
        let first = try sealer.seal(apiKey: Self.apiKey, apiID: Self.apiID)
        let second = try sealer.seal(apiKey: Self.apiKey, apiID: Self.apiID)
        #expect(first != second)
        #expect(try sealer.open(second, apiID: Self.apiID) == Self.apiKey)
    }

    @Test func aKeyCopiedToAnotherClientDoesNotOpen() throws {
        let sealer = try Self.sealer()
        let sealed = try sealer.seal(apiKey: Self.apiKey, apiID: Self.apiID)
        #expect(throws: APIKeySealerError.authenticationFailed) {
            try sealer.open(sealed, apiID: "ak_ffffffffffffffffffffffff")
        }
    }

    @Test func everyTamperedByteIsDetected() throws {
        let sealer = try Self.sealer()
        let sealed = try sealer.seal(apiKey: Self.apiKey, apiID: Self.apiID)
        for index in sealed.indices.dropFirst() {
            var tampered = sealed
            tampered[index] ^= 0x01
            #expect(throws: APIKeySealerError.authenticationFailed) {
                try sealer.open(tampered, apiID: Self.apiID)
            }
        }
        var relabelled = sealed
        relabelled[0] = 2
        #expect(throws: APIKeySealerError.unsupportedVersion(2)) { try sealer.open(relabelled, apiID: Self.apiID) }
        #expect(throws: APIKeySealerError.sealedKeyTooShort(byteCount: 28)) {
            try sealer.open(Array(sealed.prefix(28)), apiID: Self.apiID)
        }
        #expect(throws: APIKeySealerError.sealedKeyTooShort(byteCount: 0)) { try sealer.open([], apiID: Self.apiID) }
    }

    @Test func anotherMasterKeyDoesNotOpen() throws {
        let sealed = try Self.sealer().seal(apiKey: Self.apiKey, apiID: Self.apiID)
        #expect(throws: APIKeySealerError.authenticationFailed) {
            try Self.sealer().open(sealed, apiID: Self.apiID)
        }
    }

    @Test func theSameMasterKeyTextOpensAcrossInstances() throws {
        let masterKey = APIKeySealer.generateMasterKey()
        let sealed = try APIKeySealer(base64MasterKey: masterKey).seal(apiKey: Self.apiKey, apiID: Self.apiID)
        // A trailing newline, as from a secrets file, is ignored.
        #expect(try APIKeySealer(base64MasterKey: masterKey + "\n").open(sealed, apiID: Self.apiID) == Self.apiKey)
    }

    @Test func masterKeysMustBeBase64OfExactly32Bytes() {
        let base64 = { (count: Int) in Data(repeating: 7, count: count).base64EncodedString() }
        #expect(throws: APIKeySealerError.masterKeyWrongLength(byteCount: 31)) {
            try APIKeySealer(base64MasterKey: base64(31))
        }
        #expect(throws: APIKeySealerError.masterKeyWrongLength(byteCount: 33)) {
            try APIKeySealer(base64MasterKey: base64(33))
        }
        #expect(throws: APIKeySealerError.masterKeyWrongLength(byteCount: 16)) {
            try APIKeySealer(base64MasterKey: base64(16))
        }
        #expect(throws: APIKeySealerError.masterKeyWrongLength(byteCount: 0)) { try APIKeySealer(base64MasterKey: "") }
        #expect(throws: APIKeySealerError.masterKeyNotBase64) {
            try APIKeySealer(base64MasterKey: "not base64 at all!")
        }
        #expect(throws: APIKeySealerError.masterKeyWrongLength(byteCount: 16)) {
            try APIKeySealer(masterKey: SymmetricKey(size: .bits128))
        }
        #expect(throws: Never.self) { try APIKeySealer(base64MasterKey: base64(32)) }
        #expect(APIKeySealerError.masterKeyWrongLength(byteCount: 31).description.contains("exactly 32 bytes"))
    }

    @Test func generatedMasterKeysAreDistinct32ByteValues() throws {
        let keys = (0..<100).map { _ in APIKeySealer.generateMasterKey() }
        #expect(Set(keys).count == keys.count)
        for key in keys {
            #expect(key.count == 44)
            #expect(try #require(Data(base64Encoded: key)).count == 32)
        }
    }
}
