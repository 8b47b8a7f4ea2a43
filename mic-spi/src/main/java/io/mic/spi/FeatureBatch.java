package io.mic.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A columnar batch of users or items: every column has {@link #size()} rows. By convention the
 * entity id column is {@link #ID} ({@code Column.Ids}); user batches carry {@code history}
 * ({@code MultiIds} of item ids, oldest first) and profile fields; item batches carry their
 * category/keyword fields and optionally {@code recent_users}.
 *
 * <p>Immutable: {@link #with} returns a new batch sharing the untouched columns. Arrays inside
 * columns are owned by whoever built the batch and must not be mutated by readers.
 */
public final class FeatureBatch {
    /** Name of the entity-id column. */
    public static final String ID = "id";
    /** Name of the user history column (item ids, oldest first). */
    public static final String HISTORY = "history";
    /** Name of the item column of recently interacting user ids. */
    public static final String RECENT_USERS = "recent_users";

    private final int size;
    private final Map<String, Column> columns;

    private FeatureBatch(int size, Map<String, Column> columns) {
        this.size = size;
        this.columns = columns;
    }

    /** Builds a batch; all columns must have {@code size} rows. */
    public static FeatureBatch of(int size, Map<String, Column> columns) {
        Map<String, Column> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Column> e : columns.entrySet()) {
            check(size, e.getKey(), e.getValue());
            copy.put(e.getKey(), e.getValue());
        }
        return new FeatureBatch(size, Collections.unmodifiableMap(copy));
    }

    /** A batch holding only entity ids. */
    public static FeatureBatch ofIds(int[] ids) {
        return of(ids.length, Map.of(ID, new Column.Ids(ids)));
    }

    private static void check(int size, String name, Column c) {
        Objects.requireNonNull(c, name);
        if (c.rows() != size) {
            throw new IllegalArgumentException("column '" + name + "' has " + c.rows() + " rows, batch has " + size);
        }
    }

    public int size() {
        return size;
    }

    public Set<String> names() {
        return columns.keySet();
    }

    public boolean has(String name) {
        return columns.containsKey(name);
    }

    /** The column, or {@code null} when absent. */
    public Column column(String name) {
        return columns.get(name);
    }

    public Map<String, Column> columns() {
        return columns;
    }

    /** Entity ids of the rows. */
    public int[] ids() {
        return ids(ID).values();
    }

    public Column.Ids ids(String name) {
        return typed(name, Column.Ids.class);
    }

    public Column.MultiIds multi(String name) {
        return typed(name, Column.MultiIds.class);
    }

    public Column.Dense dense(String name) {
        return typed(name, Column.Dense.class);
    }

    private <C extends Column> C typed(String name, Class<C> type) {
        Column c = columns.get(name);
        if (c == null) {
            throw new IllegalArgumentException("batch has no column '" + name + "'; columns: " + columns.keySet());
        }
        if (!type.isInstance(c)) {
            throw new IllegalArgumentException("column '" + name + "' is " + c.getClass().getSimpleName() + ", not " + type.getSimpleName());
        }
        return type.cast(c);
    }

    /** A new batch with {@code name} replaced or added. */
    public FeatureBatch with(String name, Column column) {
        check(size, name, column);
        Map<String, Column> copy = new LinkedHashMap<>(columns);
        copy.put(name, column);
        return new FeatureBatch(size, Collections.unmodifiableMap(copy));
    }

    /** A new batch without {@code name}. */
    public FeatureBatch without(String name) {
        Map<String, Column> copy = new LinkedHashMap<>(columns);
        copy.remove(name);
        return new FeatureBatch(size, Collections.unmodifiableMap(copy));
    }

    @Override
    public String toString() {
        return "FeatureBatch[size=" + size + ", columns=" + columns.keySet() + "]";
    }
}
