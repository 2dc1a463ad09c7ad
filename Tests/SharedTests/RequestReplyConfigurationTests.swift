import Foundation
import Testing

@testable import Shared

@Suite struct RequestReplyConfigurationTests {
    @Test func defaultsAnswerNeitherConfigNorStorage() throws {
        let configuration = try RequestReplyConfiguration(environment: Environment([:]))
        #expect(configuration.app == nil)
        #expect(configuration.storage == nil)
        #expect(configuration.ntpServerHost == "pool.ntp.org")
        #expect(configuration.ntpServerPort == 123)
        #expect(configuration.replyTimeout == .seconds(60))
    }

    @Test func everythingIsRead() throws {
        let configuration = try RequestReplyConfiguration(
            environment: Environment([
                "DJI_APP_ID": "123", "DJI_APP_KEY": "k", "DJI_APP_LICENSE": "l",
                "NTP_SERVER_HOST": "ntp.example.com", "NTP_SERVER_PORT": "1123",
                "STORAGE_ENDPOINT": "http://minio:9000", "STORAGE_BUCKET": "media", "STORAGE_REGION": "us-east-1",
                "STORAGE_ACCESS_KEY_ID": "id", "STORAGE_SECRET_ACCESS_KEY": "secret", "STORAGE_PROVIDER": "MinIO",
                "STORAGE_OBJECT_KEY_PREFIX": "docks", "STORAGE_CREDENTIALS_EXPIRE_SECONDS": "900",
                "REQUEST_REPLY_TIMEOUT_SECONDS": "30",
            ]))
        #expect(configuration.app == DJIAppCredentials(appID: "123", appKey: "k", appLicense: "l"))
        #expect(configuration.ntpServerHost == "ntp.example.com")
        #expect(configuration.ntpServerPort == 1123)
        let storage = try #require(configuration.storage)
        #expect(storage.provider == .minio)
        #expect(storage.objectKeyPrefix == "docks")
        #expect(storage.credentialsExpireSeconds == 900)
        #expect(storage.securityToken == "")
        #expect(configuration.replyTimeout == .seconds(30))
        #expect(
            RequestRoutingPolicy(configuration) == RequestRoutingPolicy(canAnswerConfig: true, canAnswerStorage: true))
    }

    @Test func halfAConfigurationNamesWhatIsMissing() {
        let app = #expect(throws: ConfigurationError.self) {
            try RequestReplyConfiguration(environment: Environment(["DJI_APP_ID": "1", "DJI_APP_KEY": "k"]))
        }
        #expect(app?.variable == "DJI_APP_LICENSE")
        #expect(app?.description == "DJI_APP_LICENSE is required when DJI_APP_ID, DJI_APP_KEY is set")
        let storage = #expect(throws: ConfigurationError.self) {
            try RequestReplyConfiguration(environment: Environment(["STORAGE_BUCKET": "b"]))
        }
        #expect(storage?.variable == "STORAGE_ENDPOINT")
        #expect(throws: ConfigurationError.self) {
            try RequestReplyConfiguration(environment: Environment(["REQUEST_REPLY_TIMEOUT_SECONDS": "1"]))
        }
    }

    @Test func cursorsRoundTripAndRejectJunk() throws {
        let cursor = DeviceRequestCursor(receivedMicroseconds: 1_795_361_112_264_533, requestID: UUID())
        #expect(DeviceRequestCursor(text: cursor.text) == cursor)
        #expect(DeviceRequestCursor(text: "x") == nil)
        #expect(DeviceRequestCursor(text: "1_not-a-uuid") == nil)
        #expect(DeviceRequestCursor(text: "abc_\(UUID().uuidString)") == nil)
    }
}
