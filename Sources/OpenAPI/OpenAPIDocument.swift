import Foundation

/// The OpenAPI document, shipped in the binary's resource bundle (`docs/openapi.yaml` links to the file),
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
