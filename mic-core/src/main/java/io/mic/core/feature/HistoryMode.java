package io.mic.core.feature;

import io.mic.core.data.DataSplit;
import java.util.Locale;
import java.util.Set;

/**
 * How the {@code history} of a training example (user u, positive item i) is formed, so that the
 * target never leaks into its own history.
 */
public enum HistoryMode {
    /**
     * The user's training items strictly before the interaction in time (ties in time excluded),
     * the most recent {@code L}: the setting of leave-one-out and other time-ordered protocols,
     * where the evaluated items come after every training item.
     */
    BEFORE,
    /**
     * The user's other training items (every position but the example's own, and not the target item
     * itself), the most recent {@code L}: for random-ratio splits and data without timestamps, where
     * held-out items are interleaved with training items and the inference-time history is the
     * whole training history.
     */
    OTHERS;

    private static final Set<String> TIME_ORDERED = Set.of("leave-one-out", "leave-last-out", "time-ratio", "given-split", "given");

    /**
     * {@link #BEFORE} when the training interactions carry timestamps and the split's protocol is
     * time-ordered (leave-one-out, time ratio, a given sequential split), else {@link #OTHERS}.
     */
    public static HistoryMode defaultFor(DataSplit split) {
        boolean timed = split.train().timestamps() != null;
        return timed && TIME_ORDERED.contains(split.protocol().toLowerCase(Locale.ROOT)) ? BEFORE : OTHERS;
    }

    /** Parses {@code before} / {@code others} (case-insensitive). */
    public static HistoryMode parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
