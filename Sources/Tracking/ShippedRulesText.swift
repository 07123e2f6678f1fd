/// The shipped response rules, Templates/rules/response-rules.yaml, built into the binary
/// (a SwiftPM resource embedded in code): what `ResponseRules.defaults` is parsed from,
/// and the text a rules file is compared with to skip parsing it again.
enum ShippedRulesText {
    static let yaml = String(decoding: PackageResources.response_rules_yaml, as: UTF8.self)
}
