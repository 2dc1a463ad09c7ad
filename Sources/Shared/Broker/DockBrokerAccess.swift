/// What a dock may do on the broker: its own topics and those of the aircraft behind it, nothing else.
///
/// A dock logs in with its SN as user name (the installer types it into DJI Pilot 2 with the password
/// `dji-bridge dock-accounts create` printed). Its client has one role, `dock-{SN}`, that allows publishing
/// and subscribing on `thing/product/{SN}/#` and `sys/product/{SN}/#`. The dock also publishes its aircraft's
/// `osd` and `state` on `thing/product/{aircraftSN}/...` (reference §8), so when a topology or a binding names
/// an aircraft the bridge adds that aircraft's `thing/product/{aircraftSN}/#` to the role.
///
/// Everything else stays at the plugin's defaults, which dockgate relies on: publishing and subscribing are
/// denied unless a rule allows them, receiving what a subscription matches is allowed.
public enum DockBrokerAccess {
    /// The role that holds a dock's rules.
    public static func role(forDock sn: String) -> String { "dock-\(sn)" }

    /// The rules every dock role starts with.
    public static func dockACLs(sn: String) -> [DynamicSecurityACL] {
        ["thing/product/\(sn)/#", "sys/product/\(sn)/#"].flatMap(readWrite)
    }

    /// The rules that let a dock speak for an aircraft attached to it.
    public static func subDeviceACLs(sn: String) -> [DynamicSecurityACL] {
        readWrite("thing/product/\(sn)/#")
    }

    private static func readWrite(_ filter: String) -> [DynamicSecurityACL] {
        [DynamicSecurityACL(.publishClientSend, topic: filter), DynamicSecurityACL(.subscribePattern, topic: filter)]
    }

    /// Whether `sn` can be a user name and a topic level: 1–64 ASCII letters, digits, `-` or `_`.
    ///
    /// Anything else is refused rather than escaped: an SN with `+`, `#` or `/` would turn the rule
    /// `thing/product/{sn}/#` into a wildcard over other docks' topics. DJI serial numbers are upper-case
    /// letters and digits.
    public static func isValidSN(_ sn: String) -> Bool {
        (1...64).contains(sn.utf8.count)
            && sn.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            }
    }
}
