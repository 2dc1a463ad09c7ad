@main
struct OpenAPICommand {
    static func main() {}
}
