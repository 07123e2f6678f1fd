// swift-tools-version: 6.0
// libFuzzer targets, one per format reader. Built by `make fuzz` with
// -sanitize=fuzzer,address; not part of the normal build.
import PackageDescription

let readers = ["FuzzCtDNAXML", "FuzzFHIRXML", "FuzzFHIRJSON", "FuzzFoundationOne"]

let package = Package(
    name: "ctdna-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "ctdna-monitor", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "AssayXML", package: "ctdna-monitor")]),
    ] + readers.map { name in
        .executableTarget(
            name: name,
            dependencies: ["FuzzSupport", .product(name: "AssayXML", package: "ctdna-monitor")])
    } + ["FuzzVCF", "FuzzSampleSheet"].map { name in
        // VCF (htslib) and sample-sheet readers: their own module, not a DocumentReader format.
        .executableTarget(name: name, dependencies: [.product(name: "VariantCallFormat", package: "ctdna-monitor")])
    }
)
