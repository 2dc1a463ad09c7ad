import Testing

@testable import Shared

@Suite struct RequestRoutingPolicyTests {
    static let everything = RequestRoutingPolicy(canAnswerConfig: true, canAnswerStorage: true)
    static let bare = RequestRoutingPolicy(canAnswerConfig: false, canAnswerStorage: false)

    @Test(arguments: [
        ("config", RoutingDecision.autoReply),
        ("airport_bind_status", .autoReply),
        ("airport_organization_get", .autoReply),
        ("airport_organization_bind", .autoReply),
        ("flight_areas_get", .autoReply),
        ("offline_map_get", .autoReply),
        ("storage_config_get", .autoReply),
        ("update_topo", .autoReply),
        ("flighttask_resource_get", .manualReplyRequired),
        ("flighttask_progress_get", .manualReplyRequired),
        ("some_future_method", .manualReplyRequired),
        ("", .manualReplyRequired),
    ])
    func defaultsFollowTheIssue(method: String, expected: RoutingDecision) {
        #expect(Self.everything.decision(for: method, override: nil) == expected)
    }

    @Test func configAndStorageWaitForAnIntegratorWhenNotConfigured() {
        #expect(Self.bare.decision(for: "config", override: nil) == .manualReplyRequired)
        #expect(Self.bare.decision(for: "storage_config_get", override: nil) == .manualReplyRequired)
        #expect(Self.bare.decision(for: "flight_areas_get", override: nil) == .autoReply)
        #expect(Self.bare.decision(for: "airport_organization_bind", override: nil) == .autoReply)
    }

    @Test func aTenantCanTakeAnyMethodButUpdateTopoIntoItsOwnHands() {
        for method in DeviceRequestMethod.allCases where method != .updateTopo {
            #expect(
                Self.everything.decision(for: method.rawValue, override: .manualReplyRequired) == .manualReplyRequired)
        }
        #expect(Self.everything.decision(for: "update_topo", override: .manualReplyRequired) == .autoReply)
    }

    @Test func anAutoOverrideOnlyTakesEffectWhereThePlatformHasAnAnswer() {
        #expect(Self.everything.decision(for: "flighttask_resource_get", override: .autoReply) == .manualReplyRequired)
        #expect(Self.everything.decision(for: "unknown_method", override: .autoReply) == .manualReplyRequired)
        #expect(Self.bare.decision(for: "storage_config_get", override: .autoReply) == .manualReplyRequired)
        #expect(Self.everything.decision(for: "storage_config_get", override: .autoReply) == .autoReply)
    }

    @Test func theDecisionNamesItsReplySource() {
        #expect(RoutingDecision.autoReply.replySource == .auto)
        #expect(RoutingDecision.manualReplyRequired.replySource == .manual)
    }
}
