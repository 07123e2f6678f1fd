/// What a report says about one variant at one draw.
public enum CallStatus: String, Sendable, Codable, CaseIterable {
    case detected
    case notDetected = "not-detected"
    case notCovered = "not-covered"
    case failedQC = "failed-qc"
}

/// Where the lab says a variant comes from, when it says.
public enum VariantOrigin: String, Sendable, Codable, CaseIterable {
    case somatic, germline
    case clonalHaematopoiesis = "clonal-haematopoiesis"
    case unknown
}

/// A variant's pathogenicity as the lab classed it: ClinVar's five classes (Richards et
/// al. 2015, Genet Med 17:405) or the AMP/ASCO/CAP somatic tiers (Li et al. 2017, J Mol
/// Diagn 19:4). Benign and likely benign (and tier IV) are listed but never tracked.
public enum ClinicalSignificance: String, Sendable, Codable, CaseIterable {
    case pathogenic
    case likelyPathogenic = "likely-pathogenic"
    case uncertain = "uncertain-significance"
    case likelyBenign = "likely-benign"
    case benign
    case tierI = "tier-I"
    case tierII = "tier-II"
    case tierIII = "tier-III"
    case tierIV = "tier-IV"

    public var isBenign: Bool { self == .benign || self == .likelyBenign || self == .tierIV }
}

/// A GRCh38 position, 1-based, with the VCF-style alleles.
public struct GenomicLocation: Sendable, Hashable {
    public var chromosome: String
    public var position: Int
    public var reference: String
    public var alternate: String

    public init(chromosome: String, position: Int, reference: String, alternate: String) {
        self.chromosome = chromosome
        self.position = position
        self.reference = reference
        self.alternate = alternate
    }

    /// `chr12:25245350:C>T`: the genomic fallback for a variant's key.
    public var keyText: String {
        let chrom = chromosome.hasPrefix("chr") ? chromosome : "chr" + chromosome
        return "\(chrom):\(position):\(reference)>\(alternate)"
    }
}

/// A short variant (SNV or indel) call at one draw.
public struct VariantCall: Sendable, Hashable {
    public var gene: String
    public var transcript: String?
    /// HGVS c. as written, without transcript prefix (`c.35G>A`).
    public var codingChange: String?
    /// HGVS p. in one-letter form without parentheses or accession (`p.G12D`).
    public var proteinChange: String?
    public var location: GenomicLocation?
    public var altReads: Int?
    public var depth: Int?
    public var alleleFraction: AlleleFraction?
    public var status: CallStatus
    public var origin: VariantOrigin
    /// VAF of the same variant in matched white-cell (buffy coat) DNA, when measured.
    public var whiteCellFraction: AlleleFraction?
    /// Read depth of the white-cell measurement, when given.
    public var whiteCellDepth: Int?
    public var equivocal: Bool
    public var subclonal: Bool
    public var clinicalSignificance: ClinicalSignificance?

    public init(gene: String, transcript: String? = nil, codingChange: String? = nil,
                proteinChange: String? = nil, location: GenomicLocation? = nil,
                altReads: Int? = nil, depth: Int? = nil, alleleFraction: AlleleFraction? = nil,
                status: CallStatus, origin: VariantOrigin = .unknown,
                whiteCellFraction: AlleleFraction? = nil, whiteCellDepth: Int? = nil, equivocal: Bool = false, subclonal: Bool = false,
                clinicalSignificance: ClinicalSignificance? = nil) {
        self.gene = gene
        self.transcript = transcript
        self.codingChange = codingChange
        self.proteinChange = proteinChange
        self.location = location
        self.altReads = altReads
        self.depth = depth
        self.alleleFraction = alleleFraction
        self.status = status
        self.origin = origin
        self.whiteCellFraction = whiteCellFraction
        self.whiteCellDepth = whiteCellDepth
        self.equivocal = equivocal
        self.subclonal = subclonal
        self.clinicalSignificance = clinicalSignificance
    }

    /// The key that makes one series of this variant across draws and formats.
    public var key: VariantKey {
        VariantKey(gene: gene, proteinChange: proteinChange, codingChange: codingChange, location: location)
    }
}
