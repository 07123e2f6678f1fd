// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ctdna-monitor",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ctdna", targets: ["ctdna"]),
        // For the fuzz targets in Fuzz/ (a separate package, built with sanitizers).
        .library(name: "AssayXML", targets: ["AssayXML"]),
        .library(name: "VariantCallFormat", targets: ["VariantCallFormat"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    ],
    targets: [
        // C libraries: one system-library target each (module map + shim, pkg-config).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPango", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev"])]),
        .systemLibrary(name: "CStdio"),
        .systemLibrary(name: "CHTSlib", pkgConfig: "htslib", providers: [.apt(["libhts-dev"])]),
        // The process-wide libxml2 external-entity loader that refuses everything, and its counter.
        .target(name: "XMLGuard", dependencies: ["CLibXML2"]),

        // readers → model → Store → Tracking → Presentation / Report → ctdna
        .target(name: "CtDNAModel"),
        .target(name: "AssayXML", dependencies: ["CLibXML2", "XMLGuard", "CtDNAModel"],
                resources: [.embedInCode("Resources/ctdna-result-1.xsd")]),
        // VCF through htslib, and the sample sheet that gives each VCF its patient and draw.
        .target(name: "VariantCallFormat", dependencies: ["CHTSlib", "CtDNAModel"]),
        .target(name: "Store", dependencies: [
            "CtDNAModel",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Ingest", dependencies: [
            "AssayXML", "CtDNAModel", "Store", "VariantCallFormat",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Tracking", dependencies: ["CtDNAModel", .product(name: "Yams", package: "Yams")],
                resources: [.embedInCode("Resources/response-rules.yaml")]),
        .target(name: "Installation", dependencies: ["Tracking"]),
        .target(name: "Presentation", dependencies: [
            "CStdio", "CtDNAModel", "Tracking",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .target(name: "Report", dependencies: ["CCairo", "CPango", "CtDNAModel", "Tracking", "Presentation", "Installation",
                                               .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "ctdna", dependencies: [
            "AssayXML", "CtDNAModel", "Store", "Ingest", "Tracking", "Installation", "Presentation", "Report",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "CtDNAModelTests", dependencies: ["CtDNAModel"]),
        .testTarget(name: "AssayXMLTests", dependencies: ["AssayXML", "CtDNAModel"]),
        .testTarget(name: "StoreTests", dependencies: [
            "Store", "CtDNAModel", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "TrackingTests", dependencies: ["Tracking", "CtDNAModel"]),
        .testTarget(name: "PresentationTests", dependencies: ["Presentation", "Tracking", "CtDNAModel", "AssayXML"]),
        .testTarget(name: "InstallationTests", dependencies: ["Installation", "Tracking"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Presentation", "Tracking", "CtDNAModel"]),
        .testTarget(name: "VariantCallFormatTests", dependencies: ["VariantCallFormat", "CtDNAModel"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "Store", "CtDNAModel", "Tracking"]),
        .testTarget(name: "EndToEndTests", dependencies: []),
    ],
    swiftLanguageModes: [.v6]
)
