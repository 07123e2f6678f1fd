/// The one number formatter for everything a person reads: the terminal tables, the CSV
/// export's display columns and the PDF. (The terminal and the PDF used to differ: a VAF
/// of 0.0075 % printed `0.007` in one and `0.0075` in the other.)
public enum NumberFormat {
    /// A fraction as a percent figure, with the precision the size allows:
    /// 12.4, 3.10, 0.075, 0.0075 (no % sign); 0 stays `0`.
    public static func vafPercent(_ fraction: Double) -> String {
        if fraction == 0 { return "0" }
        let v = fraction * 100
        if v >= 10 { return FixedPoint.text(v, digits: 1) }
        if v >= 0.1 { return FixedPoint.text(v, digits: 2) }
        if v >= 0.01 { return FixedPoint.text(v, digits: 3) }
        return FixedPoint.text(v, digits: 4)
    }

    /// `vafPercent` with the % sign.
    public static func percent(_ fraction: Double) -> String { vafPercent(fraction) + "%" }

    /// A signed change given as a fraction: −0.83 → `-83%`, 0.2 → `+20%`.
    public static func change(_ fraction: Double) -> String {
        let pct = (fraction * 100).rounded()
        return (pct > 0 ? "+" : pct < 0 ? "-" : "") + FixedPoint.text(abs(pct), digits: 0) + "%"
    }

    /// A fold with one decimal: 4.0.
    public static func fold(_ value: Double) -> String { FixedPoint.text(value, digits: 1) }

    /// A plain value: whole numbers without decimals, others with two (1.25, 3).
    public static func number(_ v: Double) -> String {
        v == v.rounded() ? FixedPoint.text(v, digits: 0) : FixedPoint.text(v, digits: 2)
    }

    /// A fixed number of decimals.
    public static func fixed(_ v: Double, digits: Int) -> String { FixedPoint.text(v, digits: digits) }
}
