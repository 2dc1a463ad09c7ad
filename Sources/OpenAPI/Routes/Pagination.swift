import Foundation
import HTTPTypes
import Hummingbird

/// `limit` and the opaque `cursor` of list routes (API.md §3). A cursor is base64url text of the position
/// after the last item returned; clients only pass it back.
struct Pagination: Sendable {
    var limit: Int
    var after: String?

    /// Reads `limit` (1…`maximum`, default `defaultLimit`) and the cursor parameter, with 400 `INVALID_FIELD`
    /// naming the parameter at fault.
    init(_ request: Request, defaultLimit: Int = 50, maximum: Int = 200, cursorParameter: String = "cursor") throws {
        let query = request.uri.queryParameters
        if let text = query["limit"] {
            guard let limit = Int(text), (1...maximum).contains(limit) else {
                throw APIError.invalidField("limit", "limit must be a whole number from 1 to \(maximum)")
            }
            self.limit = limit
        } else {
            self.limit = defaultLimit
        }
        if let cursor = query[Substring(cursorParameter)] {
            guard let decoded = Self.decode(String(cursor)) else {
                throw APIError.invalidField(cursorParameter, "\(cursorParameter) is not a cursor this API returned")
            }
            after = decoded
        }
    }

    static func encode(_ position: String) -> String {
        Data(position.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) -> String? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        return String(data: data, encoding: .utf8)
    }
}

extension APIError {
    static func invalidField(_ field: String, _ message: String) -> APIError {
        APIError(.badRequest, "INVALID_FIELD", message, field: field)
    }
}
