import Foundation
import Testing

@testable import Shared

@Suite struct APIKeyGeneratorTests {
    static let base64URLAlphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    @Test func apiKeysAre43CharactersOfBase64URLCarrying32Bytes() throws {
        let keys = (0..<1000).map { _ in APIKeyGenerator.generateAPIKey() }
        #expect(Set(keys).count == keys.count)
        for key in keys {
            #expect(key.count == APIKeyGenerator.apiKeyLength)
            #expect(key.allSatisfy(Self.base64URLAlphabet.contains))
            // Back to standard base64 with padding to count the bytes it carries.
            let standard = key.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "="
            #expect(try #require(Data(base64Encoded: standard)).count == 32)
        }
    }

    @Test func apiIDsAreAkPrefixedHex() {
        let ids = (0..<1000).map { _ in APIKeyGenerator.generateAPIID() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.count == APIKeyGenerator.apiIDLength)
            #expect(id.hasPrefix("ak_"))
            #expect(id.dropFirst(3).allSatisfy { "0123456789abcdef".contains($0) })
        }
    }

    @Test func base64URLEncodingMatchesRFC4648Examples() {
        // RFC 4648 §10 test vectors, then bytes that map to "+" and "/" in standard base64.
        #expect(ByteEncoding.base64URLWithoutPadding(Array("f".utf8)) == "Zg")
        #expect(ByteEncoding.base64URLWithoutPadding(Array("fo".utf8)) == "Zm8")
        #expect(ByteEncoding.base64URLWithoutPadding(Array("foo".utf8)) == "Zm9v")
        #expect(ByteEncoding.base64URLWithoutPadding([0xFB, 0xFF]) == "-_8")
        #expect(ByteEncoding.lowercaseHex([0x00, 0x0F, 0xA5, 0xFF]) == "000fa5ff")
    }
}
