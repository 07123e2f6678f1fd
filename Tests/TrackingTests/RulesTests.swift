import Foundation
import Testing
@testable import Tracking

@Suite struct RulesTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Templates/rules/response-rules.yaml")

    /// The built-in defaults are the shipped file, parsed (the file exists once: the
    /// binary embeds it as a resource).
    @Test func shippedRulesFileEqualsTheBuiltInDefaults() throws {
        let yaml = try String(contentsOf: Self.shipped, encoding: .utf8)
        #expect(yaml == ShippedRulesText.yaml)
        #expect(try ResponseRules(yaml: yaml) == ResponseRules.defaults)
        #expect(ResponseRules.defaults.name == "ctdna-monitor-myeloma-ctdna")
    }

    /// An edit of the shipped file changes what is parsed.
    @Test func editedFileIsParsed() throws {
        let yaml = try String(contentsOf: Self.shipped, encoding: .utf8)
            .replacingOccurrences(of: "pairingWindowDays: 21", with: "pairingWindowDays: 28")
        #expect(try ResponseRules(yaml: yaml).clinical.pairingWindowDays == 28)
    }

    @Test func missingKeyIsNamed() throws {
        let yaml = try String(contentsOf: Self.shipped, encoding: .utf8)
            .replacingOccurrences(of: "  decrease90: 0.9\n", with: "")
        #expect(throws: RulesError.invalid("missing key 'response.decrease90'")) {
            _ = try ResponseRules(yaml: yaml)
        }
    }

    @Test func inconsistentThresholdsAreRefused() throws {
        let yaml = try String(contentsOf: Self.shipped, encoding: .utf8)
            .replacingOccurrences(of: "decrease50: 0.5", with: "decrease50: 0.95")
        #expect(throws: RulesError.self) { _ = try ResponseRules(yaml: yaml) }
    }

    @Test func labThresholdChangesTheCategory() throws {
        var rules = ResponseRules.defaults
        rules.response.decrease50 = 0.3
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.10)])
        t.draw("2024-02-01", [("KRAS", "p.G12D", 0.06)])  // (120 − 0.2)/(200 − 0.2) − 1 = −40.04 %
        #expect(t.assess().categories[1] == .stable)
        #expect(t.assess(rules: rules).categories[1] == .decrease50)
    }
}
