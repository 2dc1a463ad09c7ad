import Foundation
import Testing

@testable import Shared

@Suite struct PlatformRepliesTests {
    @Test func configIsTheFlatReplyOfTheReferenceSample() throws {
        let expected = try DJIFixtures.sampleMessage("requests_reply_config.json")
        let data = PlatformReplies.config(
            app: DJIAppCredentials(
                appID: "123456", appKey: "your-cloud-api-app-key", appLicense: "your-cloud-api-app-license"),
            ntpServerHost: "ntp.example.com",
            ntpServerPort: 123
        )
        #expect(data == expected["data"])
        #expect(data["result"] == nil)
        #expect(data["output"] == nil)
    }

    @Test func storageIsTheReferenceSampleShapeWithADurationInSeconds() throws {
        let expected = try DJIFixtures.sampleMessage("requests_reply_storage_config_get.json")
        let storage = ObjectStorageConfiguration(
            provider: .aws,
            endpoint: "https://s3.eu-central-1.amazonaws.com",
            bucket: "example-dji-media",
            region: "eu-central-1",
            objectKeyPrefix: "media",
            accessKeyID: "ASIAEXAMPLEKEYID0001",
            secretAccessKey: "exampleSecretKeyDoNotUse0000000000000000",
            securityToken: "IQoJb3JpZ2luX2VjEXAMPLETOKEN",
            credentialsExpireSeconds: 3600
        )
        // The sample keys objects by flight; dockgate keys them by dock, which the prefix shows.
        let data = PlatformReplies.storage(storage, deviceSN: "f0e1d2c3-b4a5-4968-8776-655443322110")
        #expect(data == expected["data"])
        #expect(
            PlatformReplies.storage(storage, deviceSN: "DOCK")["output"]?["object_key_prefix"] == .string("media/DOCK"))
    }

    @Test func flightAreasAndOfflineMapsAreEmptyButValid() {
        #expect(PlatformReplies.flightAreas.jsonText == #"{"output":{"files":[]},"result":0}"#)
        #expect(
            PlatformReplies.offlineMap.jsonText == #"{"output":{"files":[],"offline_map_enable":false},"result":0}"#)
    }

    @Test func requestsRepliesEchoTheRequestAndNameTheGateway() throws {
        let request = try DJIFixtures.sampleEnvelope("requests_config.json")
        let reply = DJIReply.requestsReply(to: request, gateway: "8UUXN3A00A0001", data: .object([:]), now: 42)
        #expect(reply["tid"] == .string("8d9e0f1a-2b3c-4d4e-b5f6-a7b8c9d0e101"))
        #expect(reply["bid"] == .string("0f1a2b3c-4d5e-4f6a-9b7c-8d9e0f1a2b01"))
        #expect(reply["method"] == .string("config"))
        #expect(reply["timestamp"] == .integer(42))
        #expect(reply["gateway"] == .string("8UUXN3A00A0001"))
    }

    @Test func thePlatformsSecretsAreMaskedForIntegrators() {
        let config = JSONValue.object([
            "tid": .string("t"),
            "data": PlatformReplies.config(
                app: DJIAppCredentials(appID: "1", appKey: "key", appLicense: "license"), ntpServerHost: "ntp",
                ntpServerPort: 123),
        ])
        let masked = PlatformReplies.maskingSecrets(config)
        #expect(masked["data"]?["app_key"] == .string("***"))
        #expect(masked["data"]?["app_license"] == .string("***"))
        #expect(masked["data"]?["app_id"] == .string("1"))
        #expect(masked["tid"] == .string("t"))

        let storage = JSONValue.object([
            "data": PlatformReplies.storage(
                ObjectStorageConfiguration(
                    provider: .minio, endpoint: "http://minio", bucket: "b", region: "r", objectKeyPrefix: "",
                    accessKeyID: "id", secretAccessKey: "secret", securityToken: "", credentialsExpireSeconds: 60),
                deviceSN: "D")
        ])
        let credentials = PlatformReplies.maskingSecrets(storage)["data"]?["output"]?["credentials"]
        #expect(credentials?["access_key_secret"] == .string("***"))
        #expect(credentials?["security_token"] == .string(""))
        #expect(credentials?["access_key_id"] == .string("id"))
        #expect(PlatformReplies.maskingSecrets(.object([:])) == .object([:]))
    }

    @Test func descriptionsNeverShowSecrets() {
        let app = DJIAppCredentials(appID: "1", appKey: "the-key", appLicense: "the-license")
        #expect(!"\(app)".contains("the-key"))
        #expect(!"\(app)".contains("the-license"))
        let storage = ObjectStorageConfiguration(
            provider: .aws, endpoint: "e", bucket: "b", region: "r", objectKeyPrefix: "p", accessKeyID: "id",
            secretAccessKey: "the-secret", securityToken: "the-token", credentialsExpireSeconds: 60)
        #expect(!"\(storage)".contains("the-secret"))
        #expect(!"\(storage)".contains("the-token"))
    }

    @Test func nulCharactersAreFoundAndReplacedForStorage() {
        let value = JSONValue.object([
            "a\u{0}": .array([.string("x\u{0}y"), .integer(1)]), "b": .string("plain"),
        ])
        #expect(value.containsNUL)
        #expect(
            value.replacingNUL
                == .object(["a\u{FFFD}": .array([.string("x\u{FFFD}y"), .integer(1)]), "b": .string("plain")]))
        #expect(!value.replacingNUL.containsNUL)
        #expect(!JSONValue.object(["k": .string("v")]).containsNUL)
        let request = NewDeviceRequest(
            deviceSN: "D", gatewaySN: nil, requestType: "m\u{0}", tid: "t\u{0}", bid: nil, inboundPayload: value,
            decision: .manualReplyRequired, replyCode: .pending, replyMessage: nil, standardizedReply: nil,
            receivedAt: Date(), expiresAt: nil, repliedAt: nil)
        #expect(request.storable.requestType == "m\u{FFFD}")
        #expect(request.storable.tid == "t\u{FFFD}")
        #expect(!request.storable.inboundPayload.containsNUL)
    }

    @Test func onlyPassingDatabaseFailuresAreWorthRetrying() {
        #expect(PostgresError(kind: .connection, message: "gone").isTransient)
        #expect(PostgresError(kind: .closed, message: "closed").isTransient)
        #expect(PostgresError(kind: .server, sqlState: "57P01", message: "shutdown").isTransient)
        #expect(PostgresError(kind: .server, sqlState: "40001", message: "serialization").isTransient)
        #expect(!PostgresError(kind: .server, sqlState: "22P05", message: "nul").isTransient)
        #expect(!PostgresError(kind: .server, sqlState: "23505", message: "unique").isTransient)
        #expect(!PostgresError(kind: .decoding, message: "x").isTransient)
    }
}
