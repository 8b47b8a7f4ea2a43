package io.mic.core.data;

import java.util.Locale;

/**
 * Summary numbers of a dataset, for {@code mic inspect-data} and logs.
 *
 * @param name            dataset name
 * @param users           number of users
 * @param items           number of items
 * @param interactions    number of interactions
 * @param density         interactions / (users × items), 0 for an empty dataset
 * @param avgPerUser      interactions / users, 0 without users
 * @param hasTimestamps   whether interactions carry time
 * @param hasRatings      whether interactions carry explicit ratings
 */
public record DatasetStats(String name, int users, int items, long interactions, double density, double avgPerUser, boolean hasTimestamps,
        boolean hasRatings) {

    public static DatasetStats of(Dataset d) {
        long n = d.numInteractions();
        double cells = (double) d.numUsers() * d.numItems();
        return new DatasetStats(d.name(), d.numUsers(), d.numItems(), n, cells == 0 ? 0 : n / cells,
                d.numUsers() == 0 ? 0 : (double) n / d.numUsers(), d.hasTimestamps(), d.hasRatings());
    }

    /** One line, e.g. {@code ml-1m: 6,040 users, 3,706 items, 1,000,209 interactions, density 4.4684%, 165.6 per user, ratings, no timestamps}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %,d users, %,d items, %,d interactions, density %.4f%%, %.1f per user, %s, %s", name, users, items,
                interactions, density * 100, avgPerUser, hasRatings ? "ratings" : "implicit", hasTimestamps ? "timestamps" : "no timestamps");
    }
}
