// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "FeedHub",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "feedhub", targets: ["feedhub-cli"]),
        .library(name: "FeedParse", targets: ["FeedParse"]),
        .library(name: "FeedHub", targets: ["FeedHub"]),
        .library(name: "FeedServe", targets: ["FeedServe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(
            name: "FeedParse",
            dependencies: ["CLibXML2"],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        .target(
            name: "CCurlShim",
            dependencies: ["CCurl"]
        ),
        .target(
            name: "FeedHub",
            dependencies: [
                "FeedParse", "CCurl", "CCurlShim",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API under GRDB: the index binds its many small rows directly (see SQLiteStore+NearDuplicates).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CZlibShim",
            linkerSettings: [.linkedLibrary("z")]
        ),
        .target(
            name: "FeedServe",
            dependencies: [
                "FeedParse", "FeedHub", "CZlibShim",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "feedhub-cli",
            dependencies: [
                "FeedParse", "FeedHub", "FeedServe",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedParseTests",
            dependencies: ["FeedParse", "TestSupport"],
            path: "Tests/FeedParseTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedHubTests",
            dependencies: ["FeedHub", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/FeedHubTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedServeTests",
            dependencies: [
                "FeedServe", "FeedHub", "FeedParse", "TestSupport", .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/FeedServeTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedHubCLITests",
            dependencies: ["feedhub-cli", "FeedHub", "TestSupport"],
            path: "Tests/FeedHubCLITests",
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
