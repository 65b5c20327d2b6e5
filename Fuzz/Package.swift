// swift-tools-version:6.0
// libFuzzer target for FeedParse. A separate package, so the main build never links libFuzzer's main.
// Build and run: bash scripts/fuzz.sh SECONDS
import PackageDescription

let package = Package(
    name: "FeedParseFuzz",
    dependencies: [.package(path: "../")],
    targets: [
        .executableTarget(
            name: "FeedParseFuzzer",
            dependencies: [.product(name: "FeedParse", package: "main")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ],
    swiftLanguageModes: [.v6]
)
