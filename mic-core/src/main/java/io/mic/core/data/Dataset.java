package io.mic.core.data;

import io.mic.spi.FieldSpec;
import io.mic.spi.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A columnar, immutable interaction dataset with dense internal ids.
 *
 * <p>Interactions are parallel columns ({@code users[i], items[i], ratings[i], timestamps[i]}).
 * {@code ratings} is null for implicit data, {@code timestamps} is null when the source has no
 * time (then time-based splits refuse the dataset). {@code splitTags} is non-null only for data
 * that ships its own split (UniSRec format): {@link #TAG_TRAIN}, {@link #TAG_VALID}, {@link #TAG_TEST}.
 * Arrays are owned by the dataset: read them, never write them.
 */
public final class Dataset {
    public static final byte TAG_TRAIN = 0;
    public static final byte TAG_VALID = 1;
    public static final byte TAG_TEST = 2;

    private final String name;
    private final IdMap users;
    private final IdMap items;
    private final int[] userCol;
    private final int[] itemCol;
    private final float[] ratings;
    private final long[] timestamps;
    private final byte[] splitTags;
    private final List<FieldData> userFields;
    private final List<FieldData> itemFields;

    public Dataset(String name, IdMap users, IdMap items, int[] userCol, int[] itemCol, float[] ratings,
            long[] timestamps, byte[] splitTags, List<FieldData> userFields, List<FieldData> itemFields) {
        this.name = Objects.requireNonNull(name, "name");
        this.users = Objects.requireNonNull(users, "users");
        this.items = Objects.requireNonNull(items, "items");
        this.userCol = Objects.requireNonNull(userCol, "userCol");
        this.itemCol = Objects.requireNonNull(itemCol, "itemCol");
        int n = userCol.length;
        if (itemCol.length != n || (ratings != null && ratings.length != n) || (timestamps != null && timestamps.length != n)
                || (splitTags != null && splitTags.length != n)) {
            throw new IllegalArgumentException("interaction columns differ in length");
        }
        this.ratings = ratings;
        this.timestamps = timestamps;
        this.splitTags = splitTags;
        this.userFields = List.copyOf(userFields);
        this.itemFields = List.copyOf(itemFields);
        for (FieldData f : this.userFields) {
            if (f.rows() != users.size()) {
                throw new IllegalArgumentException("user field '" + f.name() + "' has " + f.rows() + " rows, dataset has " + users.size() + " users");
            }
        }
        for (FieldData f : this.itemFields) {
            if (f.rows() != items.size()) {
                throw new IllegalArgumentException("item field '" + f.name() + "' has " + f.rows() + " rows, dataset has " + items.size() + " items");
            }
        }
    }

    public String name() {
        return name;
    }

    public IdMap users() {
        return users;
    }

    public IdMap items() {
        return items;
    }

    public int numUsers() {
        return users.size();
    }

    public int numItems() {
        return items.size();
    }

    public int numInteractions() {
        return userCol.length;
    }

    /** User id per interaction (read-only). */
    public int[] userColumn() {
        return userCol;
    }

    /** Item id per interaction (read-only). */
    public int[] itemColumn() {
        return itemCol;
    }

    /** Rating per interaction, or null for implicit data (read-only). */
    public float[] ratings() {
        return ratings;
    }

    /** Timestamp per interaction (seconds, or sequence positions for ordered data without clock time), or null. */
    public long[] timestamps() {
        return timestamps;
    }

    /** Given split tag per interaction, or null. */
    public byte[] splitTags() {
        return splitTags;
    }

    public boolean hasRatings() {
        return ratings != null;
    }

    public boolean hasTimestamps() {
        return timestamps != null;
    }

    public boolean hasGivenSplit() {
        return splitTags != null;
    }

    public List<FieldData> userFields() {
        return userFields;
    }

    public List<FieldData> itemFields() {
        return itemFields;
    }

    public Optional<FieldData> userField(String name) {
        return find(userFields, name);
    }

    public Optional<FieldData> itemField(String name) {
        return find(itemFields, name);
    }

    private static Optional<FieldData> find(List<FieldData> fields, String name) {
        for (FieldData f : fields) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The plugin-facing schema. */
    public Schema schema() {
        List<FieldSpec> u = new ArrayList<>();
        for (FieldData f : userFields) {
            u.add(f.spec());
        }
        List<FieldSpec> i = new ArrayList<>();
        for (FieldData f : itemFields) {
            i.add(f.spec());
        }
        return new Schema(numUsers(), numItems(), u, i);
    }

    /** All interactions as a per-user matrix (time-ordered within a user when timestamps exist). */
    public InteractionMatrix toMatrix() {
        return InteractionMatrix.fromColumns(numUsers(), numItems(), userCol, itemCol, ratings, timestamps, null);
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ": " + numUsers() + " users, " + numItems() + " items, " + numInteractions() + " interactions"
                + (hasTimestamps() ? "" : ", no timestamps") + "]";
    }
}
