// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for the file readers, kept out of the main build:
// build with `swift build -c release -Xswiftc -sanitize=fuzzer,address
// -Xswiftc -parse-as-library` (see run.sh), which links libFuzzer's main.
let package = Package(
    name: "DynamicMarginFuzz",
    dependencies: [.package(name: "DynamicMargin", path: "..")],
    targets: [
        .executableTarget(
            name: "ReaderFuzzer",
            dependencies: [
                .product(name: "ContractIO", package: "DynamicMargin"),
                .product(name: "Verification", package: "DynamicMargin"),
                .product(name: "MarginEngine", package: "DynamicMargin"),
            ]
        ),
    ]
)
