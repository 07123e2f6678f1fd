// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ctdna-monitor",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ctdna", targets: ["ctdna"]),
        // `ctdna report` runs this helper beside `ctdna`, so that only report rendering
        // loads Cairo, Pango and the fonts (the other commands start in a third of the time).
        .executable(name: "ctdna-report", targets: ["ctdna-report"]),
        // For the fuzz targets in Fuzz/ (a separate package, built with sanitizers).
        .library(name: "AssayXML", targets: ["AssayXML"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPango", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev"])]),
        .systemLibrary(name: "CStdio"),
        .target(name: "CtDNAModel", dependencies: ["CStdio"]),
        .target(name: "AssayXML", dependencies: ["CLibXML2", "CtDNAModel"]),
        .target(name: "Store", dependencies: [
            "CtDNAModel",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "Tracking", dependencies: ["CtDNAModel", .product(name: "Yams", package: "Yams")]),
        .target(name: "Report", dependencies: [
            "CCairo", "CPango", "CtDNAModel", "Tracking",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .target(name: "Ingest", dependencies: [
            "AssayXML", "CtDNAModel", "Store",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "CommandSupport", dependencies: [
            "CtDNAModel", "Store", "Tracking",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "ctdna", dependencies: [
            "AssayXML", "CtDNAModel", "Store", "Tracking", "Ingest", "CommandSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "ctdna-report", dependencies: [
            "CtDNAModel", "Store", "Tracking", "Report", "CommandSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "CtDNAModelTests", dependencies: ["CtDNAModel"]),
        .testTarget(name: "AssayXMLTests", dependencies: ["AssayXML", "CtDNAModel"]),
        .testTarget(name: "StoreTests", dependencies: [
            "Store", "CtDNAModel", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "TrackingTests", dependencies: ["Tracking", "CtDNAModel"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Tracking", "CtDNAModel"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "Store", "CtDNAModel", "Tracking"]),
        .testTarget(name: "EndToEndTests", dependencies: []),
    ],
    swiftLanguageModes: [.v6]
)
