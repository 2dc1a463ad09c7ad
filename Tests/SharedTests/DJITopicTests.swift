import Testing

@testable import Shared

@Suite struct DJITopicTests {
    @Test(arguments: [
        ("sys/product/SN1/status", "SN1", DJITopic.Kind.status),
        ("thing/product/SN_DOCK/osd", "SN_DOCK", .osd),
        ("thing/product/SN_DOCK/services_reply", "SN_DOCK", .servicesReply),
        ("thing/product/SN_DOCK/property/set_reply", "SN_DOCK", .propertySetReply),
        ("thing/product/SN_DOCK/drc/up", "SN_DOCK", .drcUp),
    ])
    func parsesTheTopicsOfTheReference(topic: String, sn: String, kind: DJITopic.Kind) {
        let parsed = DJITopic(topic)
        #expect(parsed == DJITopic(sn: sn, kind: kind))
        #expect(parsed?.description == topic)
    }

    @Test(arguments: [
        "", "thing/product", "thing/product//osd", "thing/product/SN/unknown", "sys/product/SN/osd",
        "thing/product/SN/status", "thing/other/SN/osd", "thing/product/SN/osd/extra",
    ])
    func rejectsTopicsOutsideTheGrammar(topic: String) {
        #expect(DJITopic(topic) == nil)
    }

    @Test func repliesGoToTheMatchingReplyTopic() {
        #expect(DJITopic("sys/product/G/status")?.replyTopic?.description == "sys/product/G/status_reply")
        #expect(DJITopic("thing/product/A/state")?.replyTopic?.description == "thing/product/A/state_reply")
        #expect(DJITopic("thing/product/G/events")?.replyTopic?.description == "thing/product/G/events_reply")
        #expect(DJITopic("thing/product/G/requests")?.replyTopic?.description == "thing/product/G/requests_reply")
        #expect(DJITopic("thing/product/G/osd")?.replyTopic == nil)
    }

    @Test func subscribesToEveryUplinkKindOfTheReference() {
        #expect(
            Set(DJITopic.uplinkFilters) == [
                "sys/product/+/status", "thing/product/+/osd", "thing/product/+/state", "thing/product/+/events",
                "thing/product/+/requests", "thing/product/+/services_reply", "thing/product/+/property/set_reply",
                "thing/product/+/drc/up",
            ]
        )
    }

    @Test func sharesEveryUplinkFilterInTheGroupAndEachKindAlone() {
        let shared = DJITopic.uplinkFilters(shareGroup: "dockgate")
        #expect(shared.count == DJITopic.uplinkFilters.count)
        #expect(Set(shared) == Set(DJITopic.uplinkFilters.map { "$share/dockgate/\($0)" }))
        #expect(
            DJITopic.uplinkFilter(.servicesReply, shareGroup: "dockgate")
                == "$share/dockgate/thing/product/+/services_reply")
        #expect(shared.contains(DJITopic.uplinkFilter(.servicesReply, shareGroup: "dockgate")))
        #expect(DJITopic.uplinkFilters(shareGroup: nil) == DJITopic.uplinkFilters)
        #expect(DJITopic.uplinkFilter(.status, shareGroup: nil) == "sys/product/+/status")
    }

    @Test func refusesShareGroupsWithTopicSeparatorsOrWildcards() {
        #expect(DJITopic.isValidShareGroup("dockgate"))
        #expect(DJITopic.isValidShareGroup("bridges-eu_1"))
        for name in ["", "a/b", "a+", "#"] { #expect(!DJITopic.isValidShareGroup(name)) }
    }
}
