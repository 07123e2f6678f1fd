import CtDNAModel
import Presentation
import Foundation
import Tracking

/// Labels the chart needs, in the report's language.
struct ChartLabels {
    var vafAxis, lod, burden, chip, notDetected, therapy, mProtein, marrow, imaging, emd: String
    /// "★ new clone …" and "line start (new baseline)".
    var newClone: String = "★"
    var lineStart: String = ""
}

/// The trend chart: log-scale VAF with the LoD band, one line per tumour variant with
/// 95% CI whiskers, not-detected draws as open markers at the LoD, CHIP dashed grey,
/// the burden bold; beneath on the same dates the therapy lines, M-protein and marrow,
/// and imaging with extramedullary findings; the legend below, never over the data.
struct TrendChart: Block, Compressible {
    let assessment: PatientAssessment
    let labels: ChartLabels
    let siteName: (ExtramedullarySite) -> String
    /// The VAF panel's height; the layout's `chart.height` unless compressed for page 1.
    var plotHeight: Double? = nil

    /// The smallest VAF panel drawn (two decades stay readable).
    static let minimumPlotHeight = 64.0

    func compressed(by points: Double, width: Double, style: Style) throws(RenderError) -> Block? {
        var c = self
        var need = points
        let plot = panelHeight(style)
        let fromPlot = max(0, min(need, plot - Self.minimumPlotHeight))
        c.plotHeight = plot - fromPlot
        need -= fromPlot
        if need > 0, !compact {
            // Then the lanes beneath, to their compact heights.
            c.compact = true
            need -= (try height(width: width, style: style)) - (try c.height(width: width, style: style)) - fromPlot
        }
        return need <= 0.001 ? c : nil
    }

    /// Lanes at their compact heights (page 1, when the chart must give up space).
    var compact = false
    var mTrackHeight: Double { compact ? 17 : Self.mTrack }
    var marrowRowHeight: Double { compact ? 9 : Self.marrowRow }
    var imagingTrackHeight: Double { compact ? 13 : Self.imagingTrack }

    func panelHeight(_ style: Style) -> Double { plotHeight ?? style.layout.chart.height }

    static let axisWidth = 64.0
    static let trackGap = 4.0
    static let mTrack = 24.0
    static let marrowRow = 11.0
    static let imagingTrack = 16.0
    /// Dash patterns of the variant lines, combined with the marker shape so that each
    /// variant differs in shape and dash, not only in colour (greyscale print).
    static let dashes: [[Double]] = [[], [5, 2], [2, 1.5], [6, 2, 1.5, 2]]

    /// Variant `i`'s marker shape and dash pattern: distinct for the first 20 variants.
    static func style(of i: Int) -> (shape: Int, dash: [Double]) {
        (i % Canvas.markerShapes, dashes[(i / Canvas.markerShapes + i) % dashes.count])
    }

    var hasMarkers: Bool {
        assessment.clinical.labValues.contains { $0.marker == .mProtein } || !assessment.clinical.marrow.isEmpty
    }
    var hasImaging: Bool { !assessment.clinical.imaging.isEmpty }
    var hasTherapy: Bool { !assessment.clinical.therapyLines.isEmpty }

    var outline: String? { nil }
    var structure: String? { "Figure" }

    /// Therapy lines packed into rows so that no bar or its label overlaps another:
    /// each line occupies its bar, plus its label beside it when the bar is too short.
    func therapyRows(_ f: Frame, style: Style) throws(RenderError) -> [[(TherapyLine, Double, Double)]] {
        var rows: [[(TherapyLine, Double, Double)]] = []
        var ends: [Double] = []
        for line in assessment.clinical.therapyLines {
            let a = max(f.x0, f.x(line.start))
            let b = min(f.x1, line.end.map { f.x($0) } ?? f.x1)
            let w = max(3, b - a)
            var extent = a + w
            if w < 14 { extent += 3 + 12 }   // the number beside a short bar
            if let i = ends.firstIndex(where: { $0 + 2 < a }) {
                rows[i].append((line, a, w))
                ends[i] = extent
            } else {
                rows.append([(line, a, w)])
                ends.append(extent)
            }
        }
        return rows
    }

    func frame(x: Double, y: Double, width: Double, style: Style) -> Frame {
        let (d0, d1) = dateDomain()
        let (v0, v1) = vafDomain(style)
        return Frame(x0: x + Self.axisWidth, x1: x + width - 6, y0: y + 6, y1: y + panelHeight(style),
                     d0: d0, d1: d1, v0: v0, v1: v1)
    }

    /// The VAF axis fitted to the data in whole decades: from the decade below the lowest
    /// value drawn (detected VAF, CI low, LoD95) to the decade above the highest, at least
    /// two decades, within the layout's `vafMin`…`vafMax`.
    func vafDomain(_ style: Style) -> (Double, Double) {
        var values: [Double] = []
        for v in assessment.variants {
            for p in v.points {
                if let f = p.point.alleleFraction?.fraction, f > 0 { values.append(f) }
                if let hi = p.ciHigh, hi > 0 { values.append(hi) }
                if let lo = p.ciLow, lo > 0 { values.append(lo) }
                if !p.point.detected, let lod = p.lod, lod > 0 { values.append(lod) }
            }
        }
        for d in assessment.draws {
            if let l = d.detection.lod95, l > 0 { values.append(l) }
            if let l = d.detection.level, l > 0 { values.append(l) }
        }
        let lo = style.layout.chart.vafMin, hi = style.layout.chart.vafMax
        guard let mn = values.min(), let mx = values.max() else { return (lo, hi) }
        var v0 = pow(10, floor(log10(mn) + 1e-9)), v1 = pow(10, ceil(log10(mx) - 1e-9))
        if v1 / v0 < 100 { v0 = v1 / 100 }
        return (max(lo, v0), min(hi, v1))
    }

    var tumourVariants: [VariantAssessment] { assessment.variants.filter(\.isTumour) }
    var otherVariants: [VariantAssessment] { assessment.variants.filter { !$0.isTumour } }

    func legendItems(_ style: Style) -> [(label: String, draw: (Double, Double) -> Void)] {
        let palette = style.layout.colours.variants.map(style.layout.colour)
        let c = style.canvas
        var items: [(String, (Double, Double) -> Void)] = []
        for (i, v) in tumourVariants.enumerated() {
            let colour = palette[i % palette.count]
            let (shape, dash) = Self.style(of: i)
            items.append((v.series.key.description + (v.emergent ? " ★" : ""), { x, y in
                c.colour(colour); c.lineWidth(1.2); c.dash(dash); c.strokeLine(x, y, x + 16, y); c.dash([])
                c.marker(shape, x: x + 8, y: y, size: 5, colour: colour, filled: true)
            }))
        }
        if tumourVariants.contains(where: \.emergent) {
            items.append((labels.newClone, { _, _ in }))
        }
        if hasTherapy {
            let accent = style.accent
            items.append((labels.lineStart, { x, y in
                c.colour(accent); c.lineWidth(0.8); c.dash([2, 2]); c.strokeLine(x + 8, y - 5, x + 8, y + 5); c.dash([])
            }))
        }
        let burden = style.layout.colour(style.layout.colours.burden)
        items.append((labels.burden, { x, y in
            c.colour(burden); c.lineWidth(2.4); c.dash([]); c.strokeLine(x, y, x + 16, y)
        }))
        if !otherVariants.isEmpty {
            let grey = style.layout.colour(style.layout.colours.chip)
            items.append((labels.chip, { x, y in
                c.colour(grey); c.lineWidth(1); c.dash([3, 2]); c.strokeLine(x, y, x + 16, y); c.dash([])
            }))
        }
        items.append((labels.notDetected, { x, y in c.marker(0, x: x + 8, y: y, size: 5, colour: .black, filled: false) }))
        let band = style.layout.colour(style.layout.colours.lodBand)
        items.append((labels.lod, { x, y in c.colour(band); c.rect(x, y - 4, 16, 8); c.fill() }))
        return items
    }

    /// Rows of legend items laid left to right, wrapping at the width.
    func legendRows(width: Double, style: Style) throws(RenderError) -> [[(TextBlock, (Double, Double) -> Void)]] {
        var rows: [[(TextBlock, (Double, Double) -> Void)]] = [[]]
        var x = 0.0
        for item in legendItems(style) {
            let t = try style.block(Markup.escape(item.label), font: style.small, width: nil)
            let w = 20 + t.size.width + 9
            if x + w > width, !rows[rows.count - 1].isEmpty {
                rows.append([])
                x = 0
            }
            rows[rows.count - 1].append((t, item.draw))
            x += w
        }
        return rows
    }

    func height(width: Double, style: Style) throws(RenderError) -> Double {
        let therapy = hasTherapy
            ? Double(try therapyRows(frame(x: 0, y: 0, width: width, style: style), style: style).count) * 13 + Self.trackGap
                + (try therapyKey(width: width - Self.axisWidth, style: style)?.size.height ?? 0) + 2
            : 0
        let legend = Double(try legendRows(width: width - Self.axisWidth, style: style).count) * 12
        return panelHeight(style) + 16 + therapy + (hasMarkers ? mTrackHeight + marrowRowHeight + Self.trackGap : 0)
            + (hasImaging ? imagingTrackHeight : 0) + 6 + legend + 4
    }

    // MARK: drawing

    struct Frame {
        let x0: Double, x1: Double, y0: Double, y1: Double
        let d0: Double, d1: Double
        let v0: Double, v1: Double

        func x(_ date: CalendarDate) -> Double {
            x0 + (Double(date.daysSinceEpoch) - d0) / max(1, d1 - d0) * (x1 - x0)
        }

        func y(_ vaf: Double) -> Double {
            let v = min(max(vaf, v0), v1)
            return y1 - (log10(v) - log10(v0)) / (log10(v1) - log10(v0)) * (y1 - y0)
        }
    }

    func dateDomain() -> (Double, Double) {
        var days = assessment.draws.map { Double($0.draw.report.specimen.collected.date.daysSinceEpoch) }
        let lo = days.min() ?? 0, hi = days.max() ?? 0
        days += assessment.clinical.therapyLines.map { Double($0.start.daysSinceEpoch) }.filter { $0 >= lo - 120 }
        days += assessment.clinical.imaging.filter { !$0.active(.extramedullary).isEmpty || !$0.active(.cns).isEmpty }
            .map { Double($0.date.daysSinceEpoch) }
        var d0 = days.min() ?? 0, d1 = max(days.max() ?? 0, hi)
        if d1 - d0 < 60 { d0 -= 30; d1 += 30 }
        let pad = (d1 - d0) * 0.03
        return (d0 - pad, d1 + pad)
    }

    func draw(x: Double, y: Double, width: Double, style: Style) throws(RenderError) {
        let c = style.canvas
        let f = frame(x: x, y: y, width: width, style: style)
        try drawAxes(f, style: style)
        drawLoDBand(f, style: style)
        for v in otherVariants { try drawSeries(v, index: 0, frame: f, style: style, muted: true) }
        for (i, v) in tumourVariants.enumerated() { try drawSeries(v, index: i, frame: f, style: style, muted: false) }
        drawBurden(f, style: style)
        drawLineStarts(f, style: style)
        var ty = f.y1 + 16
        if hasTherapy {
            ty = try drawTherapy(f, top: ty, style: style) + Self.trackGap
            if let key = try therapyKey(width: width - Self.axisWidth, style: style) {
                key.draw(x: f.x0, y: ty, colour: style.muted)
                ty += key.size.height + 2
            }
        }
        if hasMarkers {
            try drawMarkers(f, top: ty, style: style)
            ty += mTrackHeight + marrowRowHeight + Self.trackGap
        }
        if hasImaging {
            try drawImaging(f, top: ty, style: style)
            ty += imagingTrackHeight
        }
        ty += 6
        for row in try legendRows(width: width - Self.axisWidth, style: style) {
            var lx = f.x0
            for (t, sample) in row {
                sample(lx, ty + 5)
                t.draw(x: lx + 20, y: ty, colour: style.text)
                lx += 20 + t.size.width + 9
            }
            ty += 12
        }
        c.dash([])
        try c.check()
    }

    func drawAxes(_ f: Frame, style: Style) throws(RenderError) {
        let c = style.canvas
        c.colour(style.rule)
        c.lineWidth(0.4)
        var decade = pow(10, floor(log10(f.v0)))
        while decade <= f.v1 * 1.0001 {
            if decade >= f.v0 * 0.9999 {
                let yy = f.y(decade)
                c.colour(style.rule.with(alpha: 0.6))
                c.strokeLine(f.x0, yy, f.x1, yy)
                let label = decade * 100 >= 1 ? String(format: "%g%%", decade * 100) : String(format: "%.2g%%", decade * 100)
                let t = try style.block(label, font: style.small, width: Self.axisWidth - 8, alignment: .right)
                t.draw(x: f.x0 - Self.axisWidth + 2, y: yy - t.size.height / 2, colour: style.muted)
            }
            decade *= 10
        }
        // The axis title reads upwards at the far left, clear of the tick labels; a panel too
        // short for it goes without (the heading names the quantity, the ticks the unit).
        let axisTitle = try style.block(Markup.escape(labels.vafAxis), font: style.small, width: nil)
        if axisTitle.size.width <= f.y1 - f.y0 {
            let cx = f.x0 - Self.axisWidth + 1, cy = (f.y0 + f.y1) / 2 + axisTitle.size.width / 2
            c.turnedLeft(x: cx, y: cy) { axisTitle.draw(x: 0, y: 0, colour: style.muted) }
        }
        c.colour(style.text)
        c.lineWidth(0.8)
        c.strokeLine(f.x0, f.y0, f.x0, f.y1)
        c.strokeLine(f.x0, f.y1, f.x1, f.y1)
        // Month ticks, at most about eight labels.
        let start = CalendarDate(daysSinceEpoch: Int(f.d0))
        let months = max(1, Int((f.d1 - f.d0) / 30.4))
        let step = max(1, Int(ceil(Double(months) / 8)))
        var (yy, mm) = (start.year, start.month + 1)
        if mm > 12 { yy += 1; mm = 1 }
        var k = 0
        while let d = CalendarDate(year: yy, month: mm, day: 1), Double(d.daysSinceEpoch) <= f.d1 {
            if k % step == 0 {
                let tx = f.x(d)
                c.colour(style.text)
                c.lineWidth(0.6)
                c.strokeLine(tx, f.y1, tx, f.y1 + 3)
                let t = try style.block(String(format: "%04d-%02d", yy, mm), font: style.small, width: nil)
                t.draw(x: tx - t.size.width / 2, y: f.y1 + 4, colour: style.muted)
            }
            k += 1
            mm += 1
            if mm > 12 { yy += 1; mm = 1 }
        }
        // Each draw: a short tick above the axis.
        c.colour(style.accent)
        for d in assessment.draws {
            let tx = f.x(d.draw.report.specimen.collected.date)
            c.strokeLine(tx, f.y1 - 3, tx, f.y1)
        }
    }

    func drawLoDBand(_ f: Frame, style: Style) {
        let c = style.canvas
        let draws = assessment.draws
        guard !draws.isEmpty else { return }
        c.colour(style.layout.colour(style.layout.colours.lodBand).with(alpha: 0.85))
        for (i, d) in draws.enumerated() {
            guard let lod = d.detection.lod95 ?? d.draw.report.assay.limitOfDetection?.fraction else { continue }
            let xi = f.x(d.draw.report.specimen.collected.date)
            let left = i == 0 ? f.x0 : (xi + f.x(draws[i - 1].draw.report.specimen.collected.date)) / 2
            let right = i == draws.count - 1 ? f.x1 : (xi + f.x(draws[i + 1].draw.report.specimen.collected.date)) / 2
            c.rect(left, f.y(lod), right - left, f.y1 - f.y(lod))
            c.fill()
        }
    }

    func drawSeries(_ v: VariantAssessment, index: Int, frame f: Frame, style: Style, muted: Bool) throws(RenderError) {
        let c = style.canvas
        let palette = style.layout.colours.variants.map(style.layout.colour)
        let colour = muted ? style.layout.colour(style.layout.colours.chip) : palette[index % palette.count]
        // A not-detected point is drawn at its LoD95; one without a known LoD (a variant a
        // detected-only report did not list) is not drawn at all: never a fake cliff to the axis.
        let points = v.points.filter { $0.point.status == .detected || ($0.point.status == .notDetected && $0.lod != nil) }
        func yOf(_ p: PointAssessment) -> Double {
            p.point.detected ? f.y(p.point.alleleFraction?.fraction ?? f.v0) : f.y(p.lod ?? f.v0)
        }
        let (shape, dash) = Self.style(of: index)
        c.colour(colour)
        // Detected points joined; a not-detected point (censored at its LoD95) is never
        // joined to anything: the line breaks there.
        for (i, j) in Self.joined(points.map(\.point.detected)) {
            let a = points[i], b = points[j]
            c.lineWidth(muted ? 0.9 : 1.2)
            c.dash(muted ? [3, 2] : dash)
            c.strokeLine(f.x(a.point.collected), yOf(a), f.x(b.point.collected), yOf(b))
        }
        c.dash([])
        for p in points {
            let px = f.x(p.point.collected)
            if p.point.detected, let lo = p.ciLow, let hi = p.ciHigh, !muted {
                c.colour(colour)
                c.lineWidth(0.7)
                c.strokeLine(px, f.y(max(lo, f.v0)), px, f.y(hi))
                c.strokeLine(px - 2, f.y(hi), px + 2, f.y(hi))
                if lo >= f.v0 { c.strokeLine(px - 2, f.y(lo), px + 2, f.y(lo)) }
            }
            c.marker(muted ? 4 : shape, x: px, y: yOf(p), size: 5.5, colour: colour, filled: p.point.detected)
            if !p.point.detected { Self.downArrow(c, x: px, y: yOf(p) + 3.5, colour: colour) }
        }
    }

    func drawBurden(_ f: Frame, style: Style) {
        let c = style.canvas
        let colour = style.layout.colour(style.layout.colours.burden)
        // The pooled ctDNA level; a not-detected draw is an open marker at its LoD95 and
        // breaks the line (a censored value is never joined to a measured one).
        let pts: [(Double, Double, Bool)] = assessment.draws.compactMap { d in
            let x = f.x(d.draw.report.specimen.collected.date)
            if let level = d.detection.level, level > 0 { return (x, f.y(level), true) }
            if d.detection.call == .notDetected, let lod = d.detection.lod95 { return (x, f.y(lod), false) }
            return nil
        }
        c.colour(colour)
        c.lineWidth(2.4)
        c.dash([])
        for (i, j) in Self.joined(pts.map(\.2)) { c.strokeLine(pts[i].0, pts[i].1, pts[j].0, pts[j].1) }
        for p in pts {
            c.newPath()
            c.circle(p.0, p.1, 2.6)
            c.colour(p.2 ? colour : .white)
            c.fillPreserve()
            c.colour(colour)
            c.lineWidth(1.2)
            c.stroke()
            if !p.2 { Self.downArrow(c, x: p.0, y: p.1 + 3, colour: colour) }
        }
    }

    /// The pairs of consecutive points joined by a line: both measured (detected). A
    /// not-detected point is censored at its LoD95 and joined to nothing.
    static func joined(_ detected: [Bool]) -> [(Int, Int)] {
        detected.indices.dropLast().compactMap { i in detected[i] && detected[i + 1] ? (i, i + 1) : nil }
    }

    /// A short downward arrow under a censored point: the value is below it.
    static func downArrow(_ c: Canvas, x: Double, y: Double, colour: Colour) {
        c.colour(colour)
        c.lineWidth(0.7)
        c.dash([])
        c.strokeLine(x, y, x, y + 5)
        c.strokeLine(x - 1.8, y + 3.2, x, y + 5)
        c.strokeLine(x + 1.8, y + 3.2, x, y + 5)
    }

    /// A dashed vertical line at each therapy line's start: a new line is a new baseline.
    func drawLineStarts(_ f: Frame, style: Style) {
        let c = style.canvas
        c.colour(style.accent.with(alpha: 0.7))
        c.lineWidth(0.8)
        c.dash([2, 2])
        for line in assessment.clinical.therapyLines {
            let x = f.x(line.start)
            guard x > f.x0, x < f.x1 else { continue }
            c.strokeLine(x, f.y0, x, f.y1)
        }
        c.dash([])
    }

    /// The therapy lines' names under their lane, each after its number ("1 Dara-VRd ·
    /// 2 Ciltacabtagene autoleucel"): bars carry only the number, so no name overlaps
    /// another bar or is cut.
    func therapyKey(width: Double, style: Style) throws(RenderError) -> TextBlock? {
        let lines = assessment.clinical.therapyLines
        guard !lines.isEmpty else { return nil }
        let text = lines.enumerated().map { "<b>\($0.offset + 1)</b> " + Markup.escape($0.element.regimen) }.joined(separator: "  ·  ")
        return try style.block(text, font: style.small, width: width)
    }

    func drawTherapy(_ f: Frame, top: Double, style: Style) throws(RenderError) -> Double {
        let c = style.canvas
        let rows = try therapyRows(f, style: style)
        let label = try style.block(Markup.escape(labels.therapy), font: style.small, width: Self.axisWidth - 8)
        label.draw(x: f.x0 - Self.axisWidth + 2, y: top, colour: style.muted)
        let palette = style.layout.colours.therapy.map(style.layout.colour)
        var colourIndex = 0
        for (r, row) in rows.enumerated() {
            let y = top + Double(r) * 13
            for (line, a, w) in row {
                c.colour(palette[colourIndex % palette.count])
                colourIndex += 1
                c.rect(a, y, w, 11)
                c.fill()
                c.colour(style.rule)
                c.lineWidth(0.4)
                c.rect(a, y, w, 11)
                c.stroke()
                // The line's number, in the bar or beside a short one; its name is in the key.
                let number = (assessment.clinical.therapyLines.firstIndex(of: line) ?? 0) + 1
                let t = try style.block("<b>\(number)</b>", font: style.small, width: nil)
                if w >= t.size.width + 4 {
                    t.draw(x: a + 2, y: y + 1, colour: style.text)
                } else {
                    let tx = a + w + 3 + t.size.width <= f.x1 ? a + w + 3 : max(f.x0, a - 3 - t.size.width)
                    t.draw(x: tx, y: y + 1, colour: style.text)
                }
            }
        }
        return top + Double(max(1, rows.count)) * 13
    }

    func drawMarkers(_ f: Frame, top: Double, style: Style) throws(RenderError) {
        let c = style.canvas
        let label = try style.block(Markup.escape(labels.mProtein), font: style.small, width: Self.axisWidth - 8)
        label.draw(x: f.x0 - Self.axisWidth + 2, y: top, colour: style.muted)
        c.colour(style.rule.with(alpha: 0.5))
        c.lineWidth(0.4)
        c.strokeLine(f.x0, top + mTrackHeight, f.x1, top + mTrackHeight)
        // Marrow plasma cells (and MRD) in their own row under the M-protein line:
        // a diamond at the date, the label beside it.
        let row = top + mTrackHeight + marrowRowHeight / 2
        for m in assessment.clinical.marrow {
            let px = f.x(m.performed)
            guard px >= f.x0, px <= f.x1 else { continue }
            c.marker(3, x: px, y: row, size: 5, colour: style.muted, filled: true)
            var text = labels.marrow
            if let pc = m.plasmaCellPercent { text += " \(Format.number(pc))%" }
            if let mrd = m.mrd, mrd != .notDone { text += mrd == .negative ? " MRD−" : " MRD+" }
            let t = try style.block(Markup.escape(text), font: style.font(style.layout.fonts.small - 1), width: nil)
            let tx = px + 5 + t.size.width <= f.x1 ? px + 5 : max(f.x0, px - 5 - t.size.width)
            t.draw(x: tx, y: row - t.size.height / 2, colour: style.muted)
        }
        let all = assessment.clinical.labValues.filter { $0.marker == .mProtein }.map { ($0.measured, $0.value) }
        guard let maxV = all.map(\.1).max(), maxV > 0 else { return }
        let pts = all.map { (f.x($0.0), top + mTrackHeight - 4 - $0.1 / maxV * (mTrackHeight - 12), $0.1) }
            .filter { $0.0 >= f.x0 && $0.0 <= f.x1 }
        c.colour(style.accent)
        c.lineWidth(1)
        for (a, b) in zip(pts, pts.dropFirst()) { c.strokeLine(a.0, a.1, b.0, b.1) }
        for (i, p) in pts.enumerated() {
            c.marker(1, x: p.0, y: p.1, size: 3.5, colour: style.accent, filled: true)
            if pts.count <= 14 || i % 2 == 0 {
                let t = try style.block(NumberFormat.fixed(p.2, digits: 1), font: style.font(style.layout.fonts.small - 1), width: nil)
                t.draw(x: p.0 - t.size.width / 2, y: p.1 - t.size.height - 1, colour: style.muted)
            }
        }
    }

    func drawImaging(_ f: Frame, top: Double, style: Style) throws(RenderError) {
        let c = style.canvas
        let label = try style.block(Markup.escape(labels.imaging), font: style.small, width: Self.axisWidth - 8)
        label.draw(x: f.x0 - Self.axisWidth + 2, y: top, colour: style.muted)
        let alert = style.layout.colour(style.layout.colours.alert)
        var taken: [(Double, Double)] = []   // label extents already drawn: never draw over one
        for study in assessment.clinical.imaging {
            let px = f.x(study.date)
            guard px >= f.x0, px <= f.x1 else { continue }
            // Active extramedullary (extraosseous) and CNS lesions only; paraskeletal is not EMD.
            let active = study.active(.extramedullary) + study.active(.cns)
            let emd = !active.isEmpty
            c.marker(2, x: px, y: top + 6, size: 7, colour: emd ? alert : style.muted, filled: emd)
            let text = emd ? "\(labels.emd): " + active.map { siteName($0.site) }.joined(separator: ", ")
                           : study.modality.rawValue
            let t = try style.block(Markup.escape(text), font: style.small, width: nil)
            // Right of the marker when it fits, else left of it: never over the marker nor
            // over another label (a label with no room is left out; its marker stays).
            let right = (px + 6, px + 6 + t.size.width), left = (px - 6 - t.size.width, px - 6)
            func free(_ r: (Double, Double)) -> Bool {
                r.0 >= f.x0 && r.1 <= f.x1 && !taken.contains { $0.0 < r.1 + 2 && r.0 < $0.1 + 2 }
            }
            guard let place = [right, left].first(where: free) else { continue }
            taken.append(place)
            t.draw(x: place.0, y: top + 1, colour: emd ? alert : style.muted)
        }
    }
}
