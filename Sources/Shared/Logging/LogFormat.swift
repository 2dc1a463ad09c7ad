/// How a process writes its log lines: `LOG_FORMAT=text` for people, `json` for log collectors.
public enum LogFormat: String, Sendable, CaseIterable {
    case text
    case json
}
