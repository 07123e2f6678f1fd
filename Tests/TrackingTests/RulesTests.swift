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
            .replacingOccurrences(of: "  majorMolecularResponseFall: 0.9\n", with: "")
        #expect(throws: RulesError.invalid("missing key 'response.majorMolecularResponseFall'")) {
            _ = try ResponseRules(yaml: yaml)
        }
    }

    @Test func inconsistentThresholdsAreRefused() throws {
        let yaml = try String(contentsOf: Self.shipped, encoding: .utf8)
            .replacingOccurrences(of: "molecularResponseFall: 0.5", with: "molecularResponseFall: 0.95")
        #expect(throws: RulesError.self) { _ = try ResponseRules(yaml: yaml) }
    }

    @Test func labThresholdChangesTheCategory() throws {
        var rules = ResponseRules.defaults
        rules.response.molecularResponseFall = 0.3
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.10)])
        t.draw("2024-02-01", [("KRAS", "p.G12D", 0.06)])  // 40% fall
        #expect(t.assess().responses[1] == .stable)
        #expect(t.assess(rules: rules).responses[1] == .molecularResponse)
    }
}
