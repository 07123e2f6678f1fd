import ArgumentParser
import Foundation
import Installation
import Presentation
import Tracking

/// `--template-dir DIR`: where the rules, layout and wording are (see `Installation`).
struct TemplateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Templates folder (rules, layout, wording).",
        discussion: "Default: $CTDNA_TEMPLATES, else PREFIX/share/ctdna/Templates beside the installed binary."))
    var templateDir: String?

    func validate() throws {
        if let templateDir, !FileManager.default.fileExists(atPath: templateDir) {
            throw ValidationError("no such templates folder: \(templateDir)")
        }
    }

    /// The installation's templates folder; exit 78 naming the places looked at when none.
    func installation() throws(CommandFailure) -> Installation {
        do { return try Installation.locate(templateDir: templateDir) } catch { throw .templates(error.description) }
    }

    /// The rules file the command uses, with its path.
    func rules(_ installation: Installation) throws(CommandFailure) -> LoadedRules {
        do { return try installation.rules() } catch { throw .templates(error.description) }
    }

    /// One language's wording for the terminal and JSON (strings.yaml only).
    func phrases(_ installation: Installation, language: String = "en") throws(CommandFailure) -> Phrases {
        let folder = (installation.templates as NSString).appendingPathComponent(language)
        do { return Phrases(wording: try Wording(folder: folder, language: language, paragraphs: false)) } catch {
            throw .templates(error.description)
        }
    }
}
