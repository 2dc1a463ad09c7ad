import Shared

extension APIConfiguration {
    init(environment: Environment) throws(ConfigurationError) {
        self.init(
            databaseURL: try environment.required("DATABASE_URL"),
            masterKey: try environment.required("DOCKGATE_MASTER_KEY")
        )
        host = environment.string("API_HOST", default: host)
        port = try environment.int("API_PORT", default: port, range: 0...65535)
        databasePoolSize = try environment.int("DATABASE_POOL_SIZE", default: databasePoolSize, range: 1...500)
        logging = try LoggingConfiguration(environment: environment)
        retention = try RetentionConfiguration(environment: environment)
        notifications = try NotificationSetting(environment: environment)
    }
}
