import Shared
import Testing

@Suite struct DynamicSecurityCommandTests {
    @Test func payloadListsCommandsWithTheirCorrelationDataInOrder() throws {
        let payload = DynamicSecurityCommand.payload([
            (
                .createRole(name: "dock-A", acls: [DynamicSecurityACL(.subscribePattern, topic: "thing/product/A/#")]),
                "1"
            ),
            (.createClient(username: "A", password: "secret", roles: ["dock-A"]), "2"),
        ])
        let json = try #require(JSONValue(parsing: payload))
        #expect(
            json
                == .object([
                    "commands": .array([
                        .object([
                            "command": .string("createRole"), "correlationData": .string("1"),
                            "rolename": .string("dock-A"),
                            "acls": .array([
                                .object([
                                    "acltype": .string("subscribePattern"), "topic": .string("thing/product/A/#"),
                                    "allow": .bool(true),
                                ])
                            ]),
                        ]),
                        .object([
                            "command": .string("createClient"), "correlationData": .string("2"),
                            "username": .string("A"), "password": .string("secret"),
                            "roles": .array([.object(["rolename": .string("dock-A")])]),
                        ]),
                    ])
                ])
        )
    }

    @Test func accountCommandsUseThePluginsFieldNames() {
        #expect(
            DynamicSecurityCommand.addRoleACL(
                role: "r", DynamicSecurityACL(.publishClientSend, topic: "t/#", allow: false))
                == DynamicSecurityCommand(
                    name: "addRoleACL",
                    parameters: [
                        "rolename": .string("r"), "acltype": .string("publishClientSend"), "topic": .string("t/#"),
                        "allow": .bool(false),
                    ]))
        #expect(
            DynamicSecurityCommand.setClientPassword(username: "u", password: "p")
                == DynamicSecurityCommand(
                    name: "setClientPassword", parameters: ["username": .string("u"), "password": .string("p")]))
        #expect(DynamicSecurityCommand.deleteClient(username: "u").parameters == ["username": .string("u")])
        #expect(DynamicSecurityCommand.deleteRole(name: "r").parameters == ["rolename": .string("r")])
        #expect(DynamicSecurityCommand.getClient(username: "u").name == "getClient")
        #expect(DynamicSecurityCommand.listClients().parameters.isEmpty)
        #expect(
            DynamicSecurityCommand.addClientRole(username: "u", role: "r").parameters
                == ["username": .string("u"), "rolename": .string("r")])
    }

    @Test func responsesDecodeWithErrorsAndDataAsMosquitto2011SendsThem() throws {
        // Captured from mosquitto 2.0.11 with the plugin loaded.
        let text = """
            {"responses":[{"command":"createRole","correlationData":"c1"},\
            {"command":"addRoleACL","error":"ACL with this topic already exists","correlationData":"c3"},\
            {"command":"createClient","error":"Client already exists","correlationData":"c5"},\
            {"command":"getClient","data":{"client":{"username":"bridge","roles":[{"rolename":"bridge"}],\
            "groups":[]}},"correlationData":"c6"},\
            {"command":"getClient","error":"Client not found","correlationData":"c7"},\
            {"correlationData":"no-command"}]}
            """
        let responses = try #require(DynamicSecurityResponse.decode(Array(text.utf8)))
        #expect(responses.map(\.correlationData) == ["c1", "c3", "c5", "c6", "c7"])
        #expect(responses[0].error == nil)
        #expect(responses[1].isAlreadyDone)
        #expect(!responses[2].isAlreadyDone)
        #expect(responses[2].error == "Client already exists")
        #expect(responses[3].data?["client"]?["username"] == .string("bridge"))
        #expect(responses[4].isNotFound)
        #expect(DynamicSecurityResponse.decode(Array(#"{"commands":[]}"#.utf8)) == nil)
        #expect(DynamicSecurityResponse.decode(Array("not json".utf8)) == nil)
    }
}

@Suite struct DockBrokerAccessTests {
    @Test func dockRoleCoversItsOwnThingAndSysTopicsBothWays() {
        #expect(DockBrokerAccess.role(forDock: "7CTDM") == "dock-7CTDM")
        #expect(
            Set(DockBrokerAccess.dockACLs(sn: "7CTDM"))
                == [
                    DynamicSecurityACL(.publishClientSend, topic: "thing/product/7CTDM/#"),
                    DynamicSecurityACL(.subscribePattern, topic: "thing/product/7CTDM/#"),
                    DynamicSecurityACL(.publishClientSend, topic: "sys/product/7CTDM/#"),
                    DynamicSecurityACL(.subscribePattern, topic: "sys/product/7CTDM/#"),
                ])
        #expect(
            Set(DockBrokerAccess.subDeviceACLs(sn: "1581F"))
                == [
                    DynamicSecurityACL(.publishClientSend, topic: "thing/product/1581F/#"),
                    DynamicSecurityACL(.subscribePattern, topic: "thing/product/1581F/#"),
                ])
    }

    @Test(arguments: ["+", "#", "A/B", "", "A B", String(repeating: "A", count: 65), "DOCK\u{0}"])
    func snThatCouldWidenARuleIsInvalid(sn: String) {
        #expect(!DockBrokerAccess.isValidSN(sn))
    }

    @Test(arguments: ["7CTDM3D00B0001", "1581F5BKD225D00A0001", "DOCK-A", "dock_b"])
    func djiSerialNumbersAreValid(sn: String) {
        #expect(DockBrokerAccess.isValidSN(sn))
    }

    @Test func passwordsAreLongUnambiguousAndDiffer() {
        let passwords = (0..<50).map { _ in DockBrokerPassword.generate() }
        #expect(Set(passwords).count == passwords.count)
        for password in passwords {
            #expect(password.count == DockBrokerPassword.length)
            #expect(password.allSatisfy { "abcdefghjkmnpqrstuvwxyz23456789".contains($0) })
        }
    }
}
