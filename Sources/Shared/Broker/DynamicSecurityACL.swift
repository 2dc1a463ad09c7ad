/// One access rule of a dynamic security role: which kind of access, on which topic filter, allowed or denied.
///
/// The kinds are the plugin's `acltype` values. `subscribePattern` matches a SUBSCRIBE's filter against the
/// rule as a topic pattern, so a rule on `thing/product/SN/#` allows a subscription to
/// `thing/product/SN/services`; `subscribeLiteral` would only allow the exact text `thing/product/SN/#`.
public struct DynamicSecurityACL: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case publishClientSend
        case publishClientReceive
        case subscribeLiteral
        case subscribePattern
        case unsubscribeLiteral
        case unsubscribePattern
    }

    public var kind: Kind
    public var topic: String
    public var allow: Bool

    public init(_ kind: Kind, topic: String, allow: Bool = true) {
        self.kind = kind
        self.topic = topic
        self.allow = allow
    }

    /// The object `createRole`'s `acls` array and `addRoleACL` take.
    var fields: [String: JSONValue] {
        ["acltype": .string(kind.rawValue), "topic": .string(topic), "allow": .bool(allow)]
    }
}
