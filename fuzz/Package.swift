// swift-tools-version:6.0
// Coverage-guided fuzz targets for QMark's parsers, built with libFuzzer: `make fuzz`.
// A package of its own, so that the instrumented build never touches the main one. It names
// the main package through the link `QMark -> ..` that `make fuzz` makes (a path dependency's
// name is its folder's).
import PackageDescription

let package = Package(
    name: "QMarkFuzz",
    dependencies: [.package(path: "QMark")],
    targets: ["FuzzMarkdown", "FuzzSettings", "FuzzRedline", "FuzzGitLog"].map { name in
        .executableTarget(
            name: name,
            dependencies: [.product(name: "QMarkCore", package: "QMark")],
            // libFuzzer brings `main`; each target gives `LLVMFuzzerTestOneInput`.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    }
)
