package io.mic.spi;

import java.util.List;
import java.util.Optional;

/**
 * Sizes and fields of a dataset, as plugins see it. Users are {@code 0..numUsers-1}, items
 * {@code 0..numItems-1} (dense internal ids; external ids are mapped at the edges). Immutable.
 */
public record Schema(int numUsers, int numItems, List<FieldSpec> userFields, List<FieldSpec> itemFields) {
    public Schema {
        if (numUsers < 0 || numItems < 0) {
            throw new IllegalArgumentException("negative sizes: users=" + numUsers + " items=" + numItems);
        }
        userFields = List.copyOf(userFields);
        itemFields = List.copyOf(itemFields);
    }

    /** A schema with sizes only (no side features). */
    public static Schema of(int numUsers, int numItems) {
        return new Schema(numUsers, numItems, List.of(), List.of());
    }

    public Optional<FieldSpec> userField(String name) {
        return find(userFields, name);
    }

    public Optional<FieldSpec> itemField(String name) {
        return find(itemFields, name);
    }

    private static Optional<FieldSpec> find(List<FieldSpec> fields, String name) {
        for (FieldSpec f : fields) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
