import Foundation

/// The data under `Tests/TestSupport/Fixtures/`: the reference's DJI wire samples and the real Dock 3 + M4TD
/// capture (see its README), shipped with the tests so they need nothing outside the package.
public enum Fixtures {
    public struct MissingFixture: Error, CustomStringConvertible {
        public var description: String { "the Fixtures folder is missing from TestSupport's resources" }
    }

    public static func url(_ relativePath: String) throws -> URL {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else { throw MissingFixture() }
        return root.appending(path: relativePath)
    }
}
