import Shared

extension RetentionConfiguration {
    init(environment: Environment) throws(ConfigurationError) {
        self.init()
        // Up to 100 years: "keep for a very long time" is a number, "keep forever" is 0.
        let days = 0...36_500
        eventsDays = try environment.int("RETENTION_EVENTS_DAYS", default: eventsDays, range: days)
        commandsDays = try environment.int("RETENTION_COMMANDS_DAYS", default: commandsDays, range: days)
        unmatchedRepliesDays = try environment.int(
            "RETENTION_UNMATCHED_REPLIES_DAYS", default: unmatchedRepliesDays, range: days)
        requestsDays = try environment.int("RETENTION_REQUESTS_DAYS", default: requestsDays, range: days)
        interval = .seconds(try environment.int("RETENTION_INTERVAL_SECONDS", default: 3600, range: 60...86_400))
        batchSize = try environment.int("RETENTION_BATCH_SIZE", default: batchSize, range: 10...100_000)
    }
}
