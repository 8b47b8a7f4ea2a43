package io.mic.models.mic;

import java.util.Arrays;
import java.util.List;

/**
 * What one tower reads and how deep it is.
 *
 * @param id          whether the entity's own id embedding is an input
 * @param fields      categorical / multi-categorical fields of the entity (schema names)
 * @param history     user towers: the longest history (item ids, mean-pooled) read, 0 for none
 * @param recentUsers item towers: recent interacting users (mean-pooled) read, 0 for none
 * @param hidden      widths of the hidden ReLU layers before the linear output layer
 */
record TowerSpec(boolean id, List<String> fields, int history, int recentUsers, int[] hidden) {
    TowerSpec {
        fields = List.copyOf(fields);
        hidden = hidden.clone();
        if (!id && fields.isEmpty() && history == 0 && recentUsers == 0) {
            throw new IllegalArgumentException("a tower needs at least one input (id, a field, history or recent users)");
        }
    }

    @Override
    public String toString() {
        return "{id=" + id + ", fields=" + fields + ", history=" + history + ", recent_users=" + recentUsers + ", hidden="
                + Arrays.toString(hidden) + "}";
    }
}
