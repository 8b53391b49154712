// swift-tools-version: 6.1
import PackageDescription

// The architecture, bottom up (each target uses only those above it):
//   CGMP            - GMP's C API, behind a shim header (system library)
//   EVMArithmetic   - 256-bit EVM words: wrapping, checked, mulDiv, sqrt
//   ContractABI     - interface bytes of any contract: Keccak-256, EIP-55, ABI codec
//   MarginEngine    - the pure model of the contract (Spec/), state in, state out
//   ExactArithmetic - exact arithmetic, the oracle of the checks and the tests:
//                     GMP's mpz behind one Swift type (MPZ), exact rationals,
//                     and the exact (unrounded) margin of Spec/margin.md
//   ContractIO      - the file formats around the model (JSON, state files,
//                     scenarios, traces, vector cases) and the file handling
//                     every command shares (bounded readers, checked outputs)
//   Verification    - checking the model: trace diff, scenarios, vectors, the
//                     property engine, the release gate and its reports
//   margin          - the command-line tool: parses options and prints
let package = Package(
    name: "DynamicMargin",
    products: [
        .library(name: "EVMArithmetic", targets: ["EVMArithmetic"]),
        .library(name: "ContractABI", targets: ["ContractABI"]),
        .library(name: "MarginEngine", targets: ["MarginEngine"]),
        .library(name: "ExactArithmetic", targets: ["ExactArithmetic"]),
        .library(name: "ContractIO", targets: ["ContractIO"]),
        .library(name: "Verification", targets: ["Verification"]),
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
            name: "ContractABI",
            dependencies: ["EVMArithmetic"]
        ),
        .target(
            name: "MarginEngine",
            dependencies: ["EVMArithmetic", "ContractABI"]
        ),
        .target(
            name: "ExactArithmetic",
            dependencies: ["EVMArithmetic", "MarginEngine", "CGMP"]
        ),
        .target(
            name: "ContractIO",
            dependencies: ["EVMArithmetic", "ContractABI", "MarginEngine"]
        ),
        .target(
            name: "Verification",
            dependencies: ["EVMArithmetic", "ContractABI", "MarginEngine", "ExactArithmetic", "ContractIO"]
        ),
        .executableTarget(
            name: "MarginCLI",
            dependencies: [
                "EVMArithmetic",
                "MarginEngine",
                "ContractIO",
                "Verification",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "EVMArithmeticTests",
            dependencies: [
                "EVMArithmetic",
                "ExactArithmetic",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ContractABITests",
            dependencies: ["ContractABI"]
        ),
        // Reading Spec/'s Markdown (code blocks, tables), for tests that
        // compare against what the Spec prints.
        .target(
            name: "SpecText",
            path: "Tests/SpecText"
        ),
        .testTarget(
            name: "MarginEngineTests",
            dependencies: ["MarginEngine", "ExactArithmetic", "ContractIO", "SpecText"]
        ),
        .testTarget(
            name: "VerificationTests",
            dependencies: ["Verification", "MarginEngine", "ContractIO", "SpecText"]
        ),
        .testTarget(
            name: "MarginCLITests",
            dependencies: ["MarginCLI"],
            // The pinned help texts are read from the source tree, not bundled.
            exclude: ["Help"]
        ),
    ]
)
