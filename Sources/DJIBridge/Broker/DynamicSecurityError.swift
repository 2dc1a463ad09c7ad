import Shared

/// A dynamic security command that did not do what was asked, with the plugin's own words.
struct DynamicSecurityError: Error, CustomStringConvertible, Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// The plugin answered with an error (see ``message``), e.g. `Client already exists`.
        case refused
        /// No answer within the deadline: the plugin may not be loaded, or the bridge's account may not be
        /// allowed to publish on `$CONTROL/dynamic-security/v1` (the broker then drops the command silently) or
        /// to receive on `$CONTROL/dynamic-security/#` (mosquitto 2.0.11 then carries the command out and drops
        /// the answer). So after a time-out the command may or may not have taken effect.
        case timedOut
    }

    var kind: Kind
    /// The plugin command, e.g. `createClient`.
    var command: String
    var message: String

    var description: String {
        switch kind {
        case .refused: "dynamic security \(command) failed: \(message)"
        case .timedOut: "dynamic security \(command) got no answer: \(message)"
        }
    }
}

extension DynamicSecurityResponse {
    /// Throws the plugin's error unless the command succeeded (or, with `acceptingAlreadyDone`, found the
    /// broker already as wanted).
    func check(acceptingAlreadyDone: Bool = false) throws(DynamicSecurityError) {
        guard let error, !(acceptingAlreadyDone && isAlreadyDone) else { return }
        throw DynamicSecurityError(kind: .refused, command: command, message: error)
    }
}
