import Foundation
import Presentation

/// Everything a report is drawn from besides the data: the layout, the language's
/// wording, the logo. Loaded once and shared by every report in a run.
public struct ReportTemplates: @unchecked Sendable {
    let layout: Layout
    let wording: ReportWording
    let logoPath: String?
    public let language: String
    public let folder: String

    public static let languages = ["en", "zh-Hans"]

    /// Loads DIR/layout.yaml, DIR/<language>/strings.yaml and its paragraph templates.
    public init(folder: String, language: String) throws(RenderError) {
        guard Self.languages.contains(language) || FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(language)) else {
            throw .template("no wording for language '\(language)' in \(folder)")
        }
        self.folder = folder
        self.language = language
        let layoutPath = (folder as NSString).appendingPathComponent("layout.yaml")
        guard let text = try? String(contentsOfFile: layoutPath, encoding: .utf8) else {
            throw .template("cannot read \(layoutPath)")
        }
        layout = try Layout.parse(text, file: layoutPath)
        do {
            wording = ReportWording(try Wording(folder: (folder as NSString).appendingPathComponent(language), language: language))
        } catch {
            throw .template(error.description)
        }
        if let logo = layout.laboratory.logo {
            let path = (folder as NSString).appendingPathComponent(logo)
            guard FileManager.default.fileExists(atPath: path) else { throw .template("\(layoutPath): logo \(path) not found") }
            logoPath = path
        } else {
            logoPath = nil
        }
    }
}
