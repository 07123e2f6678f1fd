import CtDNAModel

/// Alt reads and depth for one ALT allele of one sample, by the caller's convention.
struct ReadCounts: Hashable {
    var altReads: Int?
    var depth: Int?

    /// Which FORMAT fields a record's counts came from (docs/vcf.md):
    /// - Strelka2 SNV: tier-1 `AU/CU/GU/TU[0]`; alt = the ALT base's count, depth = alt + the REF
    ///   base's count (Strelka2's user guide); the four summed must not exceed `DP`.
    /// - Strelka2 indel: tier-1 `TIR[0]` (alt) and `TAR[0]` (other alleles); depth = their sum.
    /// - VarDict: `VD` (alt), `DP` (depth); `AF` must be VD/DP within rounding.
    /// - Mutect2, DRAGEN, bcftools: `AD` (ref then each alt); depth = sum of AD; `DP` must
    ///   agree with it, and `AF`, when given, with alt/depth.
    /// A missing value (`.`) in a field used leaves the call without counts (failed-qc).
    static func read(_ r: VCFRecord, sample: Int, ref: String, alts: [String],
                     at here: SourceLocation) throws(InputError) -> [ReadCounts] {
        let none = Array(repeating: ReadCounts(), count: alts.count)
        let dp = r.integers("DP", sample: sample)?.first ?? nil
        if let au = r.integers("AU", sample: sample), let cu = r.integers("CU", sample: sample),
           let gu = r.integers("GU", sample: sample), let tu = r.integers("TU", sample: sample) {
            guard let a = au.first ?? nil, let c = cu.first ?? nil, let g = gu.first ?? nil, let t = tu.first ?? nil else { return none }
            let tier1 = ["A": a, "C": c, "G": g, "T": t]
            guard tier1.values.allSatisfy({ $0 >= 0 }) else { throw negative(here, "AU/CU/GU/TU") }
            try depthWithinDP(a + c + g + t, dp: dp, field: "AU+CU+GU+TU", at: here)
            guard let refCount = tier1[ref] else {
                throw .invalidValue(here, field: "REF", reason: "is not one base, but the record has Strelka2 SNV counts (AU/CU/GU/TU)", value: ref)
            }
            // Strelka2's user guide: VAF = tier1AltCounts / (tier1AltCounts + tier1RefCounts).
            return try alts.map { alt throws(InputError) in
                guard let count = tier1[alt] else {
                    throw .invalidValue(here, field: "ALT", reason: "is not one base, but the record has Strelka2 SNV counts (AU/CU/GU/TU)", value: alt)
                }
                return ReadCounts(altReads: count, depth: count + refCount)
            }
        }
        if let tir = r.integers("TIR", sample: sample), let tar = r.integers("TAR", sample: sample) {
            guard alts.count == 1 else { throw multiAllelic(here, "Strelka2 indel (TIR/TAR)") }
            guard let alt = tir.first ?? nil, let other = tar.first ?? nil else { return none }
            guard alt >= 0, other >= 0 else { throw negative(here, "TIR/TAR") }
            try depthWithinDP(alt + other, dp: dp, field: "TIR+TAR", at: here)
            return [ReadCounts(altReads: alt, depth: alt + other)]
        }
        if let vd = r.integers("VD", sample: sample) {
            guard alts.count == 1 else { throw multiAllelic(here, "VarDict (VD)") }
            guard let alt = vd.first ?? nil, let depth = dp else { return none }
            guard alt >= 0, depth >= 0 else { throw negative(here, "VD/DP") }
            try altWithinDepth(alt, depth, field: "VD", at: here)
            if let af = r.reals("AF", sample: sample)?.first ?? nil {
                try agrees(af, alt: alt, depth: depth, tolerance: max(0.5 / Double(max(depth, 1)), 0.0005), at: here)
            }
            return [ReadCounts(altReads: alt, depth: depth)]
        }
        if let ad = r.integers("AD", sample: sample) {
            guard ad.count == alts.count + 1 else {
                if ad.count == 1, ad[0] == nil { return none }
                throw .invalidValue(here, field: "AD", reason: "has \(ad.count) values for \(alts.count + 1) alleles", value: nil)
            }
            guard ad.allSatisfy({ $0 != nil }) else { return none }
            let counts = ad.map { $0 ?? 0 }
            guard counts.allSatisfy({ $0 >= 0 }) else { throw negative(here, "AD") }
            let depth = counts.reduce(0, +)
            if let dp {
                // AD counts the informative reads, DP all reads at the site (GATK, DRAGEN);
                // bcftools gives both from the same high-quality bases.
                if depth > dp + max(2, dp / 50) || (dp > 0 && depth * 2 < dp) {
                    throw .invalidValue(here, field: "AD", reason: "disagrees with DP (the sum of AD must lie between DP/2 and DP + max(2, 2%))",
                                        value: "sum \(depth), DP \(dp)")
                }
            }
            let afs = r.reals("AF", sample: sample)
            var out: [ReadCounts] = []
            for k in 0..<alts.count {
                let alt = counts[k + 1]
                if let afs, k < afs.count, let af = afs[k], depth > 0 {
                    // Mutect2's AF is its model's estimate, not AD's ratio: two reads or 10 %.
                    let expected = Double(alt) / Double(depth)
                    try agrees(af, alt: alt, depth: depth, tolerance: max(2 / Double(depth), 0.1 * expected, 0.0005), at: here)
                }
                out.append(ReadCounts(altReads: alt, depth: depth))
            }
            return out
        }
        throw .missingField(here, field: "FORMAT AD, VD, AU/CU/GU/TU or TIR/TAR (no read counts for the sample)")
    }

    static func depthWithinDP(_ depth: Int, dp: Int?, field: String, at here: SourceLocation) throws(InputError) {
        if let dp, depth > dp + max(2, dp / 50) {
            throw .invalidValue(here, field: field, reason: "sums to more than DP", value: "sum \(depth), DP \(dp)")
        }
    }

    static func altWithinDepth(_ alt: Int, _ depth: Int, field: String, at here: SourceLocation) throws(InputError) {
        if alt > depth {
            throw .invalidValue(here, field: "DP", reason: "is less than the alt-read count (\(field))", value: "\(depth) < \(alt)")
        }
    }

    static func agrees(_ af: Double, alt: Int, depth: Int, tolerance: Double, at here: SourceLocation) throws(InputError) {
        guard depth > 0 else { return }
        guard af.isFinite, af >= 0, af <= 1 else {
            throw .invalidValue(here, field: "AF", reason: "is not a fraction between 0 and 1", value: "\(af)")
        }
        let expected = Double(alt) / Double(depth)
        if abs(af - expected) > tolerance {
            throw .invalidValue(here, field: "AF", reason: "does not match alt reads / depth", value: "\(af) vs \(alt)/\(depth)")
        }
    }

    static func negative(_ here: SourceLocation, _ field: String) -> InputError {
        .invalidValue(here, field: field, reason: "holds a negative read count", value: nil)
    }

    static func multiAllelic(_ here: SourceLocation, _ caller: String) -> InputError {
        .invalidValue(here, field: "ALT", reason: "lists several alleles; \(caller) counts are read for one ALT a record (split with bcftools norm -m-)", value: nil)
    }
}
