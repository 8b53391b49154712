// swift-tools-version: 6.1
import PackageDescription

// The benchmarks are a package of their own, so building or testing
// DynamicMargin never fetches or compiles the benchmark dependencies.
//   ArithmeticBenchmarks - UInt256 (EVMArithmetic) against attaswift/BigInt's
//                          BigUInt on the same operand tables
// Run everything, including the Python int baseline, with ./run.sh.
let package = Package(
    name: "DynamicMarginBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "DynamicMargin", path: ".."),
        // MallocInterposer counts allocations without jemalloc, which is not
        // installed here.
        .package(
            url: "https://github.com/ordo-one/benchmark",
            from: "1.38.1",
            traits: ["MallocInterposer"]
        ),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
    ],
    targets: [
        .executableTarget(
            name: "ArithmeticBenchmarks",
            dependencies: [
                .product(name: "EVMArithmetic", package: "DynamicMargin"),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BigInt", package: "BigInt"),
            ],
            path: "Benchmarks/ArithmeticBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ]
)
