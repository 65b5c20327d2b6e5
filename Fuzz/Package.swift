// swift-tools-version:6.0
// libFuzzer target for FeedParse. A separate package, so the main build never links libFuzzer's main.
// Build and run: bash scripts/fuzz.sh SECONDS
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which is whatever the checkout is called.
let parentIdentity = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .standardizedFileURL.lastPathComponent.lowercased()

let package = Package(
    name: "FeedParseFuzz",
    dependencies: [.package(path: "../")],
    targets: [
        .executableTarget(
            name: "FeedParseFuzzer",
            dependencies: [.product(name: "FeedParse", package: parentIdentity)],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ],
    swiftLanguageModes: [.v6]
)
