/// Command statuses are stored as their API spelling (`ACCEPTED`, …), checked by the table's CHECK constraint.
extension CommandStatus: PostgresCodable {}
