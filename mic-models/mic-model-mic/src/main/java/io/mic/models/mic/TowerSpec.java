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
 * @param gate        NaN: the inputs are concatenated and go through the MLP; a value g in [0, 1]:
 *                    SimpleX's behaviour aggregation {@code g * e_id + (1 - g) * V * mean(history)}
 *                    (needs the id and a history, and no fields, recent users or hidden layers)
 */
record TowerSpec(boolean id, List<String> fields, int history, int recentUsers, int[] hidden, double gate) {
    TowerSpec {
        fields = List.copyOf(fields);
        hidden = hidden.clone();
        if (!id && fields.isEmpty() && history == 0 && recentUsers == 0) {
            throw new IllegalArgumentException("a tower needs at least one input (id, a field, history or recent users)");
        }
        if (!Double.isNaN(gate) && (!(gate >= 0 && gate <= 1) || !id || history == 0 || !fields.isEmpty() || recentUsers > 0
                || hidden.length > 0)) {
            throw new IllegalArgumentException("a gated tower reads exactly the id and a history, with a gate in [0, 1]; got " + gate);
        }
    }

    /** A concatenating tower (no gate). */
    TowerSpec(boolean id, List<String> fields, int history, int recentUsers, int[] hidden) {
        this(id, fields, history, recentUsers, hidden, Double.NaN);
    }

    boolean gated() {
        return !Double.isNaN(gate);
    }

    @Override
    public String toString() {
        return "{id=" + id + ", fields=" + fields + ", history=" + history + ", recent_users=" + recentUsers + ", hidden="
                + Arrays.toString(hidden) + (gated() ? ", gate=" + gate : "") + "}";
    }
}
