package io.mic.spi;

/**
 * One recommendation request as channels and rerankers see it.
 *
 * @param user       internal user id
 * @param userVector the user's vectors ({@code interests x dim}, row-major), or null when the host has none
 * @param interests  number of interest vectors in {@code userVector} (1 for single-vector encoders)
 * @param exclude    items never to return (the user's seen items), sorted ascending; owned by the host, read-only
 * @param n          number of items wanted after reranking
 */
public record Query(int user, float[] userVector, int interests, int[] exclude, int n) {
    public Query {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be > 0, got " + n);
        }
        if (interests <= 0) {
            throw new IllegalArgumentException("interests must be > 0, got " + interests);
        }
        if (exclude == null) {
            exclude = new int[0];
        }
    }

    /** Whether {@code item} is excluded (binary search over {@link #exclude}). */
    public boolean excluded(int item) {
        return java.util.Arrays.binarySearch(exclude, item) >= 0;
    }
}
