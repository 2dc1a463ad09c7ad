import Foundation
import Testing

@testable import Shared

@Suite struct DockBindingTests {
    let acme = DockBinding.Organization(tenantID: UUID(), id: "org-acme", name: "Acme")
    let other = DockBinding.Organization(tenantID: UUID(), id: "org-other", name: "Other")
    let good = DockBinding.Credential(organizationID: "org-acme", bindingCode: "GOODCODE23")

    static let bindData = JSONValue.object([
        "bind_devices": .array([
            .object([
                "device_binding_code": .string("GOODCODE23"), "organization_id": .string("org-acme"),
                "device_callsign": .string("Dock 1"), "sn": .string("DOCK"), "device_model_key": .string("3-3-0"),
            ]),
            .object([
                "device_binding_code": .string("GOODCODE23"), "organization_id": .string("org-acme"),
                "device_callsign": .string("Drone 1"), "sn": .string("AIR"), "device_model_key": .string("0-100-1"),
            ]),
            .object(["device_binding_code": .string("X"), "sn": .string("NO-ORG")]),
            .object(["device_binding_code": .string("X"), "organization_id": .string("o")]),
            .string("junk"),
        ])
    ])

    @Test func bindDevicesAreReadLeniently() throws {
        let devices = DockBinding.bindDevices(from: Self.bindData)
        #expect(devices.map(\.sn) == ["DOCK", "AIR", "NO-ORG"])
        #expect(devices[0].credential == good)
        #expect(devices[0].callsign == "Dock 1")
        let model = try #require(devices[1].model)
        #expect(model.domain == 0 && model.type == 100 && model.subType == 1)
        #expect(devices[2].credential == nil)
        #expect(DockBinding.bindDevices(from: .object([:])).isEmpty)
        #expect(
            DockBinding.BindDevice(sn: "x", credential: nil, callsign: nil, modelKey: "3-x-0").model == nil)
    }

    @Test func eachDeviceIsBoundOnlyWithAMatchingCodeAndWhenNoOtherTenantHasIt() {
        let devices =
            DockBinding.bindDevices(from: Self.bindData)
            + [
                DockBinding.BindDevice(
                    sn: "TAKEN", credential: good, callsign: nil, modelKey: nil),
                DockBinding.BindDevice(
                    sn: "WRONG", credential: .init(organizationID: "org-acme", bindingCode: "BAD"), callsign: nil,
                    modelKey: nil),
            ]
        let verdicts = DockBinding.verdicts(
            for: devices,
            gatewaySN: "DOCK",
            organizations: [good: acme],
            currentTenants: ["AIR": acme.tenantID, "TAKEN": other.tenantID]
        )
        #expect(verdicts[0] == .bind(acme))
        #expect(verdicts[1] == .bind(acme), "binding again to the same tenant is fine")
        #expect(verdicts[2].errorCode == DockBinding.ErrorCode.bindFailed)
        #expect(verdicts[3].errorCode == DockBinding.ErrorCode.bindFailed)
        #expect(verdicts[4].errorCode == DockBinding.ErrorCode.bindFailed)
        #expect(verdicts.map(\.errorCode) == [0, 0, 210231, 210231, 210231])
    }

    @Test func theAircraftIsNotBoundWhenItsDockIsRefused() {
        let devices = Array(DockBinding.bindDevices(from: Self.bindData).prefix(2))
        let taken = DockBinding.verdicts(
            for: devices, gatewaySN: "DOCK", organizations: [good: acme], currentTenants: ["DOCK": other.tenantID])
        #expect(taken.map(\.errorCode) == [210231, 210231])
        let alone = DockBinding.verdicts(
            for: Array(devices.suffix(1)), gatewaySN: "DOCK", organizations: [good: acme], currentTenants: [:])
        #expect(alone == [.bind(acme)])
    }

    @Test func theBindReplyListsEveryDeviceWithItsErrorCode() {
        let devices = DockBinding.bindDevices(from: Self.bindData).prefix(2)
        let reply = DockBinding.bindReply(Array(devices), verdicts: [.bind(acme), .refuse("no")])
        #expect(
            reply.jsonText
                == #"{"output":{"err_infos":[{"err_code":0,"sn":"DOCK"},{"err_code":210231,"sn":"AIR"}]},"result":0}"#)
    }

    @Test func theOrganizationLookupAnswersTheNameOrAFailureCode() {
        #expect(
            DockBinding.credential(
                fromOrganizationGet: .object([
                    "device_binding_code": .string("GOODCODE23"), "organization_id": .string("org-acme"),
                ])) == good)
        #expect(DockBinding.credential(fromOrganizationGet: .object(["organization_id": .string("x")])) == nil)
        #expect(DockBinding.organizationReply(acme).jsonText == #"{"output":{"organization_name":"Acme"},"result":0}"#)
        #expect(DockBinding.organizationReply(nil) == .object(["result": .integer(210230)]))
    }

    @Test func theBindStatusReplyIsTheReferenceSample() throws {
        let request = try DJIFixtures.sampleEnvelope("requests_airport_bind_status.json")
        let expected = try DJIFixtures.sampleMessage("requests_reply_airport_bind_status.json")
        let organization = DockBinding.Organization(tenantID: UUID(), id: "org-0001", name: "Example Ops")
        let callsigns = ["8UUXN3A00A0001": "Dock Munich 1", "1581F8HGX254V00A0001": "M4TD Munich 1"]
        let statuses = DockBinding.statusSNs(from: request.data).map {
            DockBinding.Status(sn: $0, organization: organization, callsign: callsigns[$0])
        }
        #expect(DockBinding.statusReply(statuses) == expected["data"])
    }

    @Test func anUnboundDeviceIsReportedWithEmptyOrganization() {
        let reply = DockBinding.statusReply([DockBinding.Status(sn: "NEW", organization: nil, callsign: nil)])
        #expect(
            reply["output"]?["bind_status"]
                == .array([
                    .object([
                        "sn": .string("NEW"), "is_device_bind_organization": .bool(false),
                        "organization_id": .string(""), "organization_name": .string(""),
                        "device_callsign": .string(""),
                    ])
                ]))
    }

    @Test func bindingCodesAreLongRandomAndUnambiguous() {
        let codes = (0..<200).map { _ in BindingCode.generate() }
        #expect(Set(codes).count == codes.count)
        for code in codes {
            #expect(code.count == BindingCode.length)
            #expect(code.allSatisfy { BindingCode.alphabet.contains($0) })
            #expect(!code.contains("0") && !code.contains("O") && !code.contains("I") && !code.contains("1"))
        }
    }
}
