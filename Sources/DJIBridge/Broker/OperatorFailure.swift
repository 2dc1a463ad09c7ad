/// A refusal of an operator command, printed as `Error: <message>` with a non-zero exit status.
struct OperatorFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
