// swift-tools-version: 6.1
import PackageDescription

// The architecture, bottom up:
//   CGMP           - GMP's C API, behind a shim header (system library)
//   EVMArithmetic  - 256-bit EVM words: wrapping, checked, mulDiv, sqrt
//   ContractIO     - the contract's interface bytes: Keccak-256, ABI
//   margin         - the command-line tool
// Later layers (the MarginEngine model, verification) sit between these
// and the CLI.
let package = Package(
    name: "DynamicMargin",
    products: [
        .library(name: "EVMArithmetic", targets: ["EVMArithmetic"]),
        .executable(name: "margin", targets: ["MarginCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CGMP",
            pkgConfig: "gmp",
            providers: [.apt(["libgmp-dev"])]
        ),
        .target(
            name: "EVMArithmetic",
            dependencies: ["CGMP"]
        ),
        .target(
            name: "ContractIO",
            dependencies: ["EVMArithmetic"]
        ),
        .executableTarget(
            name: "MarginCLI",
            dependencies: [
                "EVMArithmetic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "EVMArithmeticTests",
            dependencies: [
                "EVMArithmetic",
                "CGMP",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ContractIOTests",
            dependencies: ["ContractIO"]
        ),
        .testTarget(
            name: "MarginCLITests",
            dependencies: ["MarginCLI"]
        ),
    ]
)
