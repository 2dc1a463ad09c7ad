import Testing

@testable import MQTTClient

/// The bookkeeping behind acknowledgements and connection state, without libmosquitto: the races that a
/// real broker produces only sometimes (a PUBACK before `mosquitto_publish` returned) are played in order.
@Suite struct ClientStateMachineTests {
    /// What `register` decided, observed through a real continuation.
    enum Registration: Equatable {
        case waiting
        case acknowledged(reasonCode: Int32)
        case failed
    }

    private func register(
        _ machine: inout ClientStateMachine,
        messageID: Int32,
        call: ClientStateMachine.PendingCall
    ) async -> Registration {
        do {
            let acknowledgement = try await withCheckedThrowingContinuation { waiter in
                switch machine.register(waiter, for: messageID, call: call) {
                case .wait:
                    // Take it back out, so that the test can go on: it shows the waiter was registered.
                    machine.cancelWaiter(for: messageID)?.resume(throwing: CancellationError())
                case .resume(let acknowledgement):
                    waiter.resume(returning: acknowledgement)
                case .fail:
                    waiter.resume(throwing: MQTTError.connectionLost("test"))
                }
            }
            guard case .publish(let reasonCode) = acknowledgement else { return .failed }
            return .acknowledged(reasonCode: reasonCode)
        } catch is CancellationError {
            return .waiting
        } catch {
            return .failed
        }
    }

    private func connectedMachine() -> ClientStateMachine {
        var machine = ClientStateMachine()
        _ = machine.start()
        _ = machine.linkEstablished()
        return machine
    }

    @Test func pubackBeforeTheMessageIDIsKnownIsClaimedByTheCall() async throws {
        var machine = connectedMachine()
        let call = try machine.beginCall("publish")
        // The loop thread reads the PUBACK while the publishing thread is still inside mosquitto_publish.
        let early = machine.acknowledge(7, .publish(reasonCode: 0x10))
        #expect(early == nil)
        let registration = await register(&machine, messageID: 7, call: call)
        #expect(registration == .acknowledged(reasonCode: 0x10))
    }

    @Test func acknowledgementRecordedBeforeTheCallBeganIsNotClaimed() async throws {
        var machine = connectedMachine()
        let earlier = try machine.beginCall("publish")
        // A leftover acknowledgement for id 7 (e.g. a retransmission whose caller gave up) arrives while
        // another call is in flight, and only then a new call starts that gets id 7 again.
        let leftover = machine.acknowledge(7, .publish(reasonCode: 0))
        #expect(leftover == nil)
        let call = try machine.beginCall("publish")
        let registration = await register(&machine, messageID: 7, call: call)
        #expect(registration == .waiting)
        let earlierRegistration = await register(&machine, messageID: 8, call: earlier)
        #expect(earlierRegistration == .waiting)
    }

    @Test func acknowledgementWithNoCallInFlightIsDropped() async throws {
        var machine = connectedMachine()
        let unclaimed = machine.acknowledge(7, .publish(reasonCode: 0))
        #expect(unclaimed == nil)
        let call = try machine.beginCall("publish")
        let registration = await register(&machine, messageID: 7, call: call)
        #expect(registration == .waiting)
    }

    @Test func acknowledgementAfterRegistrationResumesTheWaiter() async throws {
        var machine = connectedMachine()
        let call = try machine.beginCall("publish")
        let result: Acknowledgement = try await withCheckedThrowingContinuation { waiter in
            guard case .wait = machine.register(waiter, for: 9, call: call) else {
                waiter.resume(throwing: MQTTError.connectionLost("test"))
                return
            }
            machine.acknowledge(9, .publish(reasonCode: 0))?.resume(returning: .publish(reasonCode: 0))
        }
        guard case .publish(0) = result else {
            Issue.record("unexpected acknowledgement \(result)")
            return
        }
        #expect(machine.pendingAcknowledgementCount == 0)
    }

    @Test func connectionLostBetweenSendingAndRegisteringFailsTheCall() async throws {
        var machine = connectedMachine()
        let call = try machine.beginCall("publish")
        let (_, wasUp) = machine.linkLost()
        #expect(wasUp)
        _ = machine.linkEstablished()
        // Connected again, but not on the connection the packet went out on.
        let registration = await register(&machine, messageID: 3, call: call)
        #expect(registration == .failed)
    }

    @Test func linkLostStrandsTheWaitersAndSaysTheLinkWasUp() async throws {
        var machine = connectedMachine()
        let call = try machine.beginCall("publish")
        do {
            let _: Acknowledgement = try await withCheckedThrowingContinuation { waiter in
                guard case .wait = machine.register(waiter, for: 5, call: call) else {
                    waiter.resume(throwing: CancellationError())
                    return
                }
                let (stranded, wasUp) = machine.linkLost()
                #expect(wasUp)
                #expect(stranded.count == 1)
                for waiter in stranded {
                    waiter.resume(throwing: MQTTError.connectionLost("publish"))
                }
            }
            Issue.record("expected the waiter to fail")
        } catch {
            #expect(MQTTError.Kind.connectionLost.matches(error))
        }
        #expect(machine.pendingAcknowledgementCount == 0)
        let (_, wasUp) = machine.linkLost()
        #expect(!wasUp)
    }

    @Test func callsNeedALinkAndARunningClient() throws {
        var machine = ClientStateMachine()
        #expect(throws: MQTTError.notConnected("publish")) { try machine.checkConnected("publish") }
        let started = machine.start()
        let startedAgain = machine.start()
        #expect(started && !startedAgain)
        #expect(throws: MQTTError.notConnected("publish")) { try machine.checkConnected("publish") }
        _ = machine.linkEstablished()
        try machine.checkConnected("publish")
        _ = machine.stop()
        #expect(throws: MQTTError.stopped("publish")) { try machine.checkConnected("publish") }
    }

    @Test func connectedIsReportedOnlyForTheCurrentConnection() {
        var machine = ClientStateMachine()
        _ = machine.start()
        #expect(machine.connectionState == .connecting)
        let first = machine.linkEstablished()
        _ = machine.linkLost()
        let second = machine.linkEstablished()
        let staleConfirmation = machine.confirmConnected(first)
        #expect(staleConfirmation == nil)
        #expect(machine.connectionState == .connecting)
        let confirmation = machine.confirmConnected(second)
        #expect(confirmation != nil)
        #expect(machine.connectionState == .connected)
        let changed = machine.markDisconnected()
        let changedAgain = machine.markDisconnected()
        #expect(changed && !changedAgain)
    }
}
