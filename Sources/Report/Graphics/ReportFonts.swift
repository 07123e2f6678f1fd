import CPango
import Foundation
import Installation

/// The fonts this process draws reports with. `make` builds a desubroutinised copy of
/// Noto Sans CJK SC (Regular and Bold) named "ctdna Noto Sans CJK SC" (Cairo 1.16 subsets
/// it to the glyphs used; the system's subroutinised font made every Chinese PDF carry
/// about 0.9 MB of unused font program). Its files are registered with fontconfig for
/// this process only, once, before Pango makes its first font map; when they are missing
/// the system's Noto Sans CJK SC draws the same glyphs (larger PDFs) and `warning` says so.
public final class ReportFonts: @unchecked Sendable {
    public static let compactCJKFamily = "ctdna Noto Sans CJK SC"
    /// The family the compact copy stands in for (layout.yaml's `fonts.cjk`).
    public static let systemCJKFamily = "Noto Sans CJK SC"
    public static let files = ["ctdna-NotoSansCJKsc-Regular.otf", "ctdna-NotoSansCJKsc-Bold.otf"]

    /// The folder the compact font was registered from, nil when it was not found.
    public let folder: String?
    /// Whether "ctdna Noto Sans CJK SC" can be asked for.
    public let compactCJK: Bool
    /// One line for stderr when the compact font is missing (reports are still made).
    public let warning: String?

    /// Set up on first use (the first report, or `ReportCommand` before it starts).
    public static let shared = ReportFonts(folder: FontInstallation.locate(file: files[0]))

    init(folder: String?) {
        guard let folder else {
            self.folder = nil
            compactCJK = false
            warning = "the compact CJK font (\(Self.files[0])) was not found in "
                + FontInstallation.candidates().joined(separator: ", ")
                + "; Chinese text uses the system's \(Self.systemCJKFamily) (larger, slower PDFs). Run `make fonts`"
                + " or set CTDNA_FONTS to the folder that holds it"
            return
        }
        // The folder, not each file: fontconfig then keeps a cache of it (in its cache folder)
        // and later runs skip reading the 44,000-character maps (about 30 ms of CPU a run).
        let added = ctdna_fc_add_app_dir(folder) == 1
            ? Self.files.filter { FileManager.default.isReadableFile(atPath: (folder as NSString).appendingPathComponent($0)) }
            : []
        self.folder = folder
        compactCJK = !added.isEmpty && ctdna_fc_has_family(Self.compactCJKFamily) == 1
        if !compactCJK {
            warning = "fontconfig refused the compact CJK font in \(folder); Chinese text uses the system's "
                + "\(Self.systemCJKFamily) (larger, slower PDFs)"
        } else if added.count < Self.files.count {
            warning = "only \(added.joined(separator: ", ")) of the compact CJK font is in \(folder); the other style "
                + "is synthesised"
        } else {
            warning = nil
        }
    }

    /// The families for the configured CJK family: the compact copy first when it stands in for it.
    func cjkFamilies(_ configured: String) -> [String] {
        compactCJK && configured == Self.systemCJKFamily ? [Self.compactCJKFamily, configured] : [configured]
    }
}

/// A character no installed font has, drawn as a box showing its code (Pango's hex box).
public struct MissingCharacter: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var codePoint: UInt32
    public init(codePoint: UInt32) { self.codePoint = codePoint }
    public var description: String {
        let hex = String(codePoint, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
    public static func < (a: Self, b: Self) -> Bool { a.codePoint < b.codePoint }
}
