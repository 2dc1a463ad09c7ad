import Foundation
import Shared

/// One `--answer METHOD=BEHAVIOUR` of `dock-sim`: how the simulated docks answer one method, or every method
/// not named otherwise (`*`).
///
/// The behaviour grammar, one word with colon-separated arguments, nestable where it wraps another:
///
///     succeed                      result 0
///     fail:CODE                    result CODE (a non-zero integer)
///     late:MILLISECONDS[:BEHAVIOUR] BEHAVIOUR (default succeed) after a delay
///     silent                       never answers
///     progress                     accepts the job, then reports it running (50 %) and done (100 %)
///     twice[:BEHAVIOUR]            the same answer twice
///     wrong-method:NAME[:BEHAVIOUR] the answer names another method
public struct AnswerRule: Sendable, Hashable {
    /// The method, or nil for `*`.
    public var method: String?
    public var behaviour: SimulatedDock.Behaviour

    public init(method: String?, behaviour: SimulatedDock.Behaviour) {
        self.method = method
        self.behaviour = behaviour
    }

    /// Why a rule was not understood, worded for the person who typed it.
    public struct ParseError: Error, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// The longest delay `late` accepts: an hour, far beyond any command timeout.
    public static let maximumDelayMilliseconds = 3_600_000

    /// Parses `METHOD=BEHAVIOUR`; METHOD is a method of dockgate's command catalog or `*`.
    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let equals = trimmed.firstIndex(of: "=") else {
            throw ParseError(description: "'\(text)' is not METHOD=BEHAVIOUR (e.g. cover_open=late:3000)")
        }
        let method = String(trimmed[..<equals]).trimmingCharacters(in: .whitespaces)
        let behaviour = String(trimmed[trimmed.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        guard !method.isEmpty else { throw ParseError(description: "'\(text)' names no method before '='") }
        if method != "*" && CommandCatalog.entry(method) == nil {
            throw ParseError(
                description: "'\(text)': '\(method)' is not a method of dockgate's command catalog (use * for every "
                    + "method)")
        }
        self.method = method == "*" ? nil : method
        do {
            self.behaviour = try Self.behaviour(
                behaviour.split(separator: ":", omittingEmptySubsequences: false).map(String.init)[...],
                step: method == "*" ? "progress" : method)
        } catch {
            throw ParseError(description: "'\(text)': \(error.description)")
        }
    }

    /// Parses a behaviour from its colon-separated words; `step` names the progress steps.
    static func behaviour(_ words: ArraySlice<String>, step: String) throws(ParseError) -> SimulatedDock.Behaviour {
        guard let word = words.first, !word.isEmpty else {
            throw ParseError(description: "no behaviour (succeed, fail:CODE, late:MS, silent, progress, twice)")
        }
        let rest = words.dropFirst()
        switch word {
        case "succeed":
            try noArguments(rest, word)
            return .succeed
        case "silent":
            try noArguments(rest, word)
            return .silent
        case "progress":
            try noArguments(rest, word)
            return .progress(SimulatedDock.ProgressStep.runningThenDone(step: step))
        case "fail":
            guard let text = rest.first, let code = Int64(text) else {
                throw ParseError(description: "fail needs an integer code, as in fail:513003")
            }
            guard code != 0 else { throw ParseError(description: "fail:0 is a success; use succeed") }
            try noArguments(rest.dropFirst(), "fail:CODE")
            return .fail(result: code, extra: [:])
        case "late":
            guard let text = rest.first, let milliseconds = Int(text), milliseconds > 0,
                milliseconds <= maximumDelayMilliseconds
            else {
                throw ParseError(
                    description: "late needs a delay in milliseconds from 1 to \(maximumDelayMilliseconds), "
                        + "as in late:3000")
            }
            let inner = try rest.count > 1 ? behaviour(rest.dropFirst(), step: step) : .succeed
            return .late(.milliseconds(milliseconds), inner)
        case "twice":
            return .twice(try rest.isEmpty ? .succeed : behaviour(rest, step: step))
        case "wrong-method":
            guard let other = rest.first, !other.isEmpty else {
                throw ParseError(description: "wrong-method needs the method to name, as in wrong-method:cover_close")
            }
            return .wrongMethod(other, try rest.count > 1 ? behaviour(rest.dropFirst(), step: step) : .succeed)
        default:
            throw ParseError(
                description: "unknown behaviour '\(word)' (succeed, fail:CODE, late:MS, silent, progress, twice, "
                    + "wrong-method:NAME)")
        }
    }

    private static func noArguments(_ rest: ArraySlice<String>, _ word: String) throws(ParseError) {
        guard rest.isEmpty else {
            throw ParseError(description: "\(word) takes no argument, got ':\(rest.joined(separator: ":"))'")
        }
    }
}
