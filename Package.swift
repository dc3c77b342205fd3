// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "QMark",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "QMarkCore", targets: ["QMarkCore"]),
        .executable(name: "qmark", targets: ["qmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "Ccmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        .target(name: "CQMarkSystem"),
        .target(
            name: "QMarkCore",
            dependencies: [
                "Ccmark",
                "CQMarkSystem",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(
            name: "qmark",
            dependencies: [
                "QMarkCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
        .testTarget(
            name: "QMarkCoreTests",
            dependencies: ["QMarkCore", "Ccmark"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
