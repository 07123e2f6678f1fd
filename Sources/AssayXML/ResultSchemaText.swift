/// The XSD of our result format, built into the binary from Schemas/ctdna-result-1.xsd
/// (a SwiftPM resource, embedded in code: validation never looks for a file).
enum ResultSchemaText {
    static let xsd = String(decoding: PackageResources.ctdna_result_1_xsd, as: UTF8.self)
}
