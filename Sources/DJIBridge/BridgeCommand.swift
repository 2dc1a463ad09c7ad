@main
struct BridgeCommand {
    static func main() {}
}
