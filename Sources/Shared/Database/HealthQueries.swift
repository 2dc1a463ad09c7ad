/// The cheapest question that proves the database answers.
public enum HealthQueries {
    public static func ping() -> PostgresQuery {
        "SELECT 1 AS alive"
    }
}
