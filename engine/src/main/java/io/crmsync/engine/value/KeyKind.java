package io.crmsync.engine.value;

/** How an identifier property is normalised before matching and comparing (DESIGN.md §2.3). */
public enum KeyKind {
    /** Trimmed of all Unicode whitespace and lower-cased. */
    EMAIL,
    /** Exact host: lower-cased, no scheme, {@code www.}, port, path or trailing dot; IDNs in punycode. */
    DOMAIN,
    /** Company name: case-folded, punctuation removed, whitespace collapsed, legal suffixes unified. */
    COMPANY_NAME,
    /** Trimmed and case-folded (SKUs, product names, custom identifiers). */
    TEXT
}
