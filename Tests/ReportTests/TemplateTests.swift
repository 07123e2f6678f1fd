import CtDNAModel
import Foundation
import Report
import Testing
import Tracking

/// A lab's edited copy of the templates, in a temporary folder.
func templateCopy(_ edit: (String) throws -> Void) throws -> String {
    let dir = try Repo.temporaryFolder() + "/Templates"
    try FileManager.default.copyItem(atPath: Repo.templates, toPath: dir)
    try edit(dir)
    return dir
}

func replace(_ file: String, _ old: String, _ new: String) throws {
    let text = try String(contentsOfFile: file, encoding: .utf8)
    #expect(text.contains(old), "\(old) not in \(file)")
    try text.replacingOccurrences(of: old, with: new).write(toFile: file, atomically: true, encoding: .utf8)
}

@Suite struct TemplateTests {
    @Test func missingWordingKeyIsNamed() throws {
        let dir = try templateCopy { try replace($0 + "/en/strings.yaml", "  best: \"Best in this line\"\n", "") }
        let error = #expect(throws: RenderError.self) { _ = try render(Cohort.standard, templates: dir) }
        #expect(error == .template("en/strings.yaml: missing key 'summary.best'"))
    }

    @Test func templateAskingForAnUnknownValueIsAnError() throws {
        let dir = try templateCopy { try replace($0 + "/en/methods.mustache", "{{assays}}", "{{assayz}}") }
        let error = #expect(throws: RenderError.self) { _ = try render(Cohort.standard, templates: dir) }
        #expect(error == .template("en/methods.mustache: the template asks for 'assayz', which the report does not provide"))
    }

    @Test func brokenMarkupIsAnError() throws {
        let dir = try templateCopy { try replace($0 + "/en/limitations.mustache", "Clonal haematopoiesis", "<b>Clonal haematopoiesis") }
        #expect(throws: RenderError.self) { _ = try render(Cohort.standard, templates: dir) }
    }

    @Test func labWordingAndLayoutChangeWithoutRecompiling() throws {
        let dir = try templateCopy {
            try replace($0 + "/en/strings.yaml", "Northbridge Haematology Molecular Laboratory", "Riverside Myeloma Lab")
            try replace($0 + "/layout.yaml", "size: A4", "size: Letter")
        }
        let path = try render(Cohort.standard, templates: dir)
        #expect(try tool("pdftotext", [path, "-"]).output.contains("Riverside Myeloma Lab"))
        #expect(try tool("pdfinfo", [path]).output.contains("612 x 792 pts (letter)"))
    }

    @Test func badLayoutValueIsNamed() throws {
        let dir = try templateCopy { try replace($0 + "/layout.yaml", "accent: \"#1F4E79\"", "accent: \"navy\"") }
        let error = #expect(throws: RenderError.self) { _ = try ReportTemplates(folder: dir, language: "en") }
        #expect(error?.description.contains("colour 'navy' is not #RRGGBB") == true)
    }

    @Test func bothLanguagesHaveTheSameKeys() throws {
        func keys(_ lang: String) throws -> Set<String> {
            let text = try String(contentsOfFile: "\(Repo.templates)/\(lang)/strings.yaml", encoding: .utf8)
            var out = Set<String>()
            var stack: [(Int, String)] = []
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                let indent = line.prefix { $0 == " " }.count
                guard let colon = line.firstIndex(of: ":") else { continue }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                while let last = stack.last, last.0 >= indent { stack.removeLast() }
                let full = (stack.map(\.1) + [key]).joined(separator: ".")
                if line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces).isEmpty {
                    stack.append((indent, key))
                } else {
                    out.insert(full)
                }
            }
            return out
        }
        #expect(try keys("en") == keys("zh-Hans"))
        #expect(try keys("en").count > 100)
    }
}
