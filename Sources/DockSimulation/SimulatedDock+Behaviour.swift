import Shared

extension SimulatedDock {
    /// How the dock answers a call.
    public indirect enum Behaviour: Sendable, Hashable {
        /// `data: {"result": 0}`, plus `output` when given.
        case succeed(output: JSONValue?)
        /// `data: {"result": result}` merged with `extra` (e.g. `code`, `message`, `msg`, `description`).
        case fail(result: Int64, extra: [String: JSONValue])
        /// Answers as `behaviour` after `delay`.
        case late(Duration, Behaviour)
        /// Never answers.
        case silent
        /// Answers as `behaviour` but names another method.
        case wrongMethod(String, Behaviour)
        /// Sends the same answer twice.
        case twice(Behaviour)
        /// Accepts the job (`result: 0`, `output.status: in_progress`), then reports each step as a progress event.
        case progress([ProgressStep])

        public static let succeed = Behaviour.succeed(output: nil)
    }

    /// One progress event of a long-running job.
    public struct ProgressStep: Sendable, Hashable {
        public var status: String
        public var percent: Int
        public var step: String

        public init(status: String, percent: Int, step: String) {
            self.status = status
            self.percent = percent
            self.step = step
        }

        /// Running at half way, then done: what `dock-sim` reports for a long-running job named `step`.
        public static func runningThenDone(step: String) -> [ProgressStep] {
            [
                ProgressStep(status: "in_progress", percent: 50, step: step),
                ProgressStep(status: "ok", percent: 100, step: step),
            ]
        }
    }

    /// Counts of what a dock sent and how the cloud answered, since it started.
    public struct Statistics: Sendable, Hashable {
        /// `services` calls received, and how many of them were answered.
        public var callsReceived = 0
        public var callsAnswered = 0
        /// Requests (each counted once however often it was retried) the cloud answered, or never answered.
        public var requestsAnswered = 0
        public var requestsUnanswered = 0
        /// `state` messages sent, and how many of those that asked for a reply got one.
        public var stateSent = 0
        public var stateReplied = 0
        /// `events` sent (progress events of jobs not included), and how many asked-for replies came.
        public var eventsSent = 0
        public var eventsReplied = 0

        public init() {}
    }
}
