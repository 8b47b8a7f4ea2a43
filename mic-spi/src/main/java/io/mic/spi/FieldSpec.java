package io.mic.spi;

import java.util.Objects;

/**
 * Describes one user or item field.
 *
 * @param name        field name as in the dataset ({@code gender}, {@code genres}, {@code title})
 * @param kind        representation
 * @param cardinality number of distinct ids for categorical kinds (ids are {@code 0..cardinality-1}); 0 otherwise
 * @param dim         vector width for {@link FieldKind#DENSE}; 0 otherwise
 */
public record FieldSpec(String name, FieldKind kind, int cardinality, int dim) {
    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (cardinality < 0 || dim < 0) {
            throw new IllegalArgumentException("field '" + name + "': cardinality and dim must be >= 0");
        }
        if (kind == FieldKind.DENSE && dim == 0) {
            throw new IllegalArgumentException("dense field '" + name + "' needs dim > 0");
        }
    }
}
