import Foundation

/// The process environment as plain values, so configuration is read from a dictionary that tests can
/// build by hand instead of from `ProcessInfo`.
public struct Environment: Sendable {
    public var values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    /// The variables of the running process.
    public static var process: Environment {
        Environment(ProcessInfo.processInfo.environment)
    }

    /// The value of `name`, or nil when it is unset or empty (an empty `FOO=` means "not configured").
    public func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    public func string(_ name: String, default defaultValue: String) -> String {
        string(name) ?? defaultValue
    }

    public func required(_ name: String) throws(ConfigurationError) -> String {
        guard let value = string(name) else { throw ConfigurationError(variable: name, problem: "is required") }
        return value
    }

    public func int(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws(ConfigurationError)
        -> Int
    {
        guard let text = string(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(
                variable: name,
                problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'"
            )
        }
        return value
    }

    public func bool(_ name: String, default defaultValue: Bool) throws(ConfigurationError) -> Bool {
        guard let text = string(name) else { return defaultValue }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, problem: "must be true or false, got '\(text)'")
        }
    }

    public func oneOf<T: RawRepresentable & CaseIterable>(_ name: String, default defaultValue: T)
        throws(ConfigurationError) -> T where T.RawValue == String
    {
        guard let text = string(name) else { return defaultValue }
        guard let value = T(rawValue: text.lowercased()) else {
            let names = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(variable: name, problem: "must be one of \(names), got '\(text)'")
        }
        return value
    }
}

/// A configuration variable that is missing or malformed; the message names the variable so an operator can
/// fix it without reading code.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var variable: String
    public var problem: String

    public init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }

    public var description: String { "\(variable) \(problem)" }
}
