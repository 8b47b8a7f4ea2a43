package io.mic.spi;

/** How a user or item field is represented. */
public enum FieldKind {
    /** One dense id per row in {@code [0, cardinality)}; {@link Column#MISSING} when absent or masked. */
    CATEGORICAL,
    /** Zero or more ids per row (genres, keywords, history item ids), stored as CSR. */
    MULTI_CATEGORICAL,
    /** Free text per row; encoders turn it into a {@link #DENSE} feature (see the text-feature plugins). */
    TEXT,
    /** A fixed-width float vector per row (precomputed text or image features). */
    DENSE
}
