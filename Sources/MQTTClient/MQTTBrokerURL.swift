import Foundation

/// The parts of an `mqtt://` or `mqtts://` URL.
///
/// Parsed by hand rather than with `URLComponents`: the grammar is small, and the rules (which schemes,
/// default ports, what is rejected) should not depend on a Foundation version's URL parser.
struct MQTTBrokerURL: Hashable {
    var useTLS: Bool
    var host: String
    var port: Int
    var username: String?
    var password: String?

    init(parsing url: String) throws(MQTTError) {
        func invalid(_ reason: String) -> MQTTError {
            // The URL may hold a password: name the problem, never echo the input.
            .invalidConfiguration("invalid MQTT URL: \(reason)")
        }

        guard let schemeEnd = url.range(of: "://") else {
            throw invalid("expected mqtt://host[:port] or mqtts://host[:port]")
        }
        switch url[..<schemeEnd.lowerBound].lowercased() {
        case "mqtt": useTLS = false
        case "mqtts": useTLS = true
        default: throw invalid("the scheme must be mqtt or mqtts")
        }

        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let trailer = rest[authorityEnd...]
        guard trailer.isEmpty || trailer == "/" else {
            throw invalid("a path, query or fragment is not allowed")
        }
        var hostAndPort = rest[..<authorityEnd]

        if let at = hostAndPort.lastIndex(of: "@") {
            let userInfo = hostAndPort[..<at]
            hostAndPort = hostAndPort[hostAndPort.index(after: at)...]
            let colon = userInfo.firstIndex(of: ":")
            let encodedUser = userInfo[..<(colon ?? userInfo.endIndex)]
            guard let user = encodedUser.removingPercentEncoding, !user.isEmpty else {
                throw invalid("the user name is empty or wrongly percent-encoded")
            }
            username = user
            if let colon {
                guard let pass = userInfo[userInfo.index(after: colon)...].removingPercentEncoding else {
                    throw invalid("the password is wrongly percent-encoded")
                }
                password = pass
            }
        }

        let portText: Substring?
        if hostAndPort.hasPrefix("[") {
            // An IPv6 literal: [::1] or [::1]:1883.
            guard let close = hostAndPort.firstIndex(of: "]") else {
                throw invalid("an IPv6 address lacks its closing ]")
            }
            host = String(hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close])
            let afterHost = hostAndPort[hostAndPort.index(after: close)...]
            if afterHost.isEmpty {
                portText = nil
            } else if afterHost.hasPrefix(":") {
                portText = afterHost.dropFirst()
            } else {
                throw invalid("unexpected text after the IPv6 address")
            }
        } else if let colon = hostAndPort.lastIndex(of: ":") {
            host = String(hostAndPort[..<colon])
            portText = hostAndPort[hostAndPort.index(after: colon)...]
        } else {
            host = String(hostAndPort)
            portText = nil
        }

        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "[" || $0 == "]" }) else {
            throw invalid("the host is missing or malformed")
        }
        if let portText {
            guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(portText),
                (1...65535).contains(number)
            else {
                throw invalid("the port must be a number from 1 to 65535")
            }
            port = number
        } else {
            port = useTLS ? 8883 : 1883
        }
    }
}
