import Foundation

/// `docs/openapi.yaml`, shipped inside the binary's resource bundle (Resources/openapi.yaml is a link to it),
/// served at `GET /api/v1/open/openapi.yaml`.
enum OpenAPIDocument {
    static func load() throws -> String {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw OpenAPIDocumentMissing()
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    struct OpenAPIDocumentMissing: Error, CustomStringConvertible {
        var description: String { "openapi.yaml is missing from open-api's resource bundle" }
    }
}
