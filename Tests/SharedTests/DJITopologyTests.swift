import Testing

@testable import Shared

@Suite struct DJITopologyTests {
    @Test func readsTheOnlineSample() throws {
        let envelope = try DJIFixtures.sampleEnvelope("status_update_topo_online.json")
        let topology = try #require(DJITopology(gatewaySN: "8UUXN3A00A0001", envelope: envelope))
        #expect(
            topology.gateway
                == DJITopology.Device(sn: "8UUXN3A00A0001", domain: 3, type: 3, subType: 0, thingVersion: "1.3.0")
        )
        #expect(topology.gateway.modelKey == "3-3-0")
        #expect(DJIModel.name(forKey: topology.gateway.modelKey) == "DJI Dock 3")
        #expect(
            topology.subDevices == [
                DJITopology.Device(
                    sn: "1581F8HGX254V00A0001", domain: 0, type: 100, subType: 1, index: "A", thingVersion: "1.3.0"
                )
            ]
        )
        #expect(topology.subDevices.first?.modelKey == "0-100-1")
        #expect(DJIModel.name(forKey: topology.subDevices.first?.modelKey) == "Matrice 4TD")
    }

    @Test func anEmptySubDeviceListMeansTheAircraftIsOffline() throws {
        let envelope = try DJIFixtures.sampleEnvelope("status_update_topo_subdevice_offline.json")
        let topology = try #require(DJITopology(gatewaySN: "8UUXN3A00A0001", envelope: envelope))
        #expect(topology.subDevices.isEmpty)
        #expect(topology.gateway.modelKey == "3-3-0")
    }

    @Test(arguments: [
        #"{"domain":"3","type":3,"sub_type":0}"#,
        #"{"domain":3,"type":3,"sub_type":0}"#,
        #"{"domain":3.0,"type":"3","sub_type":"0"}"#,
        #"{"domain":" 3 ","type":3}"#,
    ])
    func readsDomainTypeAndSubTypeAsStringsOrNumbers(fields: String) throws {
        let envelope = try DJIFixtures.envelope(#"{"method":"update_topo","data":"# + fields + "}")
        let topology = try #require(DJITopology(gatewaySN: "G", envelope: envelope))
        #expect(topology.gateway.modelKey == "3-3-0")
        #expect(topology.subDevices.isEmpty)
    }

    @Test func keepsUnknownModelKeys() throws {
        let envelope = try DJIFixtures.envelope(
            #"{"method":"update_topo","data":{"domain":"3","type":9,"sub_type":2,"sub_devices":["#
                + #"{"sn":"NEW1","domain":"0","type":250,"sub_type":7,"index":"B"}]}}"#
        )
        let topology = try #require(DJITopology(gatewaySN: "G", envelope: envelope))
        #expect(topology.gateway.modelKey == "3-9-2")
        #expect(topology.subDevices.map(\.modelKey) == ["0-250-7"])
        #expect(DJIModel.name(forKey: "0-250-7") == DJIModel.unknown)
    }

    @Test func missingFieldsStayUnknownAndOldVersionKeyIsRead() throws {
        let envelope = try DJIFixtures.envelope(
            #"{"method":"update_topo","data":{"type":3,"version":"1.0.0","sub_devices":[{"sn":12345,"type":100}]}}"#
        )
        let topology = try #require(DJITopology(gatewaySN: "G", envelope: envelope))
        #expect(topology.gateway.domain == nil)
        #expect(topology.gateway.subType == 0)
        #expect(topology.gateway.modelKey == nil)
        #expect(topology.gateway.thingVersion == "1.0.0")
        #expect(topology.subDevices == [DJITopology.Device(sn: "12345", domain: nil, type: 100, subType: 0)])
    }

    @Test func skipsSubDevicesWithoutAnSN() throws {
        let envelope = try DJIFixtures.envelope(
            #"{"method":"update_topo","data":{"sub_devices":[{"domain":"0"},{"sn":""},"x",{"sn":"A1"}]}}"#
        )
        let topology = try #require(DJITopology(gatewaySN: "G", envelope: envelope))
        #expect(topology.subDevices.map(\.sn) == ["A1"])
    }

    @Test(arguments: [
        #"{"method":"update_topo","data":{"domain":"3"}}"#,
        #"{"method":"update_topo","data":{"domain":"3","sub_devices":null}}"#,
        #"{"method":"update_topo","data":""}"#,
    ])
    func readsAMissingSubDeviceListAsEmpty(json: String) throws {
        let topology = try #require(DJITopology(gatewaySN: "G", envelope: try DJIFixtures.envelope(json)))
        #expect(topology.subDevices.isEmpty)
        #expect(topology.gateway.sn == "G")
    }

    @Test(arguments: [
        #"{"method":"update_topo_v2","data":{"domain":"3","sub_devices":[]}}"#,
        #"{"data":{"domain":"3","sub_devices":[]}}"#,
        #"{"method":"update_topo","data":[]}"#,
        #"{"method":"update_topo","data":7}"#,
        #"{"method":"update_topo","data":{"sub_devices":"none"}}"#,
        #"{"method":"update_topo","data":{"sub_devices":{"sn":"A1"}}}"#,
    ])
    func rejectsOtherMethodsAndUnusableData(json: String) throws {
        #expect(DJITopology(gatewaySN: "G", envelope: try DJIFixtures.envelope(json)) == nil)
    }
}
