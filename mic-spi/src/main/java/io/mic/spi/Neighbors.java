package io.mic.spi;

import java.util.Objects;

/**
 * Ids with scores, best first. Arrays are owned by the receiver once returned.
 */
public record Neighbors(int[] ids, float[] scores) {
    public static final Neighbors EMPTY = new Neighbors(new int[0], new float[0]);

    public Neighbors {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(scores, "scores");
        if (ids.length != scores.length) {
            throw new IllegalArgumentException("ids and scores differ in length: " + ids.length + " vs " + scores.length);
        }
    }

    public int size() {
        return ids.length;
    }
}
