package io.mic.core.data;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A generated dataset with planted structure, the embedded default that quickstarts and tests run
 * on. It is built to be learnable by every kind of model the framework has: ids, user profile
 * fields, item categorical fields, item text and interaction order all carry signal.
 *
 * <p>Generative story (all choices from one {@link SplittableRandom} seeded by {@code seed}, so a
 * spec and seed fix the dataset bit for bit):
 * <ul>
 *   <li>Users and items are dealt evenly and at random into C groups. Inside a group, items get a
 *       random popularity rank r and weight {@code 1 / (r+1)^s}; alternate ranks form the group's
 *       "early" and "late" halves, so both halves have popular items.</li>
 *   <li>A user has {@code 5 + Geometric} interactions with mean {@code interactionsPerUser} (capped
 *       at 4× the mean and at the item count). Each is, with probability {@code inGroupProbability},
 *       drawn from the user's own group by popularity, else from the other groups' items by
 *       popularity. No item repeats within a user.</li>
 *   <li>Temporal drift: the k-th of n in-group draws comes from the late half with probability
 *       {@code 0.2 + 0.6·k/(n-1)}, so a user's last items lean to the late half and leave-last-out
 *       rewards order-aware models. Timestamps (unix seconds from 2020-01-01) strictly increase per
 *       user, gaps about a day.</li>
 *   <li>Ratings 1..5, higher for in-group draws (mean about 3.9 vs 2.9).</li>
 *   <li>User fields {@code gender} (F/M), {@code age} (the ML-1M buckets) and {@code occupation}
 *       (ML-1M codes 0..20): each group has its own distribution, an even mix of a uniform and a
 *       random peaked one, so profiles correlate with the group without revealing it.</li>
 *   <li>Item fields {@code genres} (MULTI_CATEGORICAL: the group's main genre with probability 0.9,
 *       else another, plus 0..2 random extra genres), {@code category} (CATEGORICAL: C/2 rounded up
 *       categories, two groups per category; the group's one with probability 0.9) and {@code title}
 *       (TEXT: 2..4 made-up words, each from the group's own 10-word pool with probability 0.6, else
 *       from a shared pool).</li>
 * </ul>
 * The groups themselves are not fields (a model reading them would be cheating); tests read them
 * through {@link #generateWithGroups}. User and item external ids are {@code "0".."n-1"}.
 */
public final class SyntheticDataset {
    /** Dataset name. */
    public static final String NAME = "synthetic";
    static final int MIN_PER_USER = 5;
    private static final long START = 1_577_836_800L; // 2020-01-01T00:00:00Z
    private static final long START_SPREAD = 180L * 86_400;
    private static final double MEAN_GAP = 86_400;
    private static final double LATE_FIRST = 0.2;
    private static final double LATE_SLOPE = 0.6;
    private static final double[] RATING_IN = {0.03, 0.07, 0.20, 0.38, 0.32};
    private static final double[] RATING_OUT = {0.15, 0.25, 0.30, 0.20, 0.10};
    private static final String[] GENRES = {"Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
        "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"};
    private static final String[] AGES = {"1", "18", "25", "35", "45", "50", "56"};
    private static final double[] EXTRA_GENRES = {0.5, 0.35, 0.15}; // P(0, 1, 2 extra genres)
    private static final int OCCUPATIONS = 21;
    private static final int GROUP_WORDS = 10;
    private static final int SHARED_WORDS = 30;
    private static final int TRIES = 64;

    private SyntheticDataset() {
    }

    /**
     * The dataset with the groups that generated it.
     *
     * @param dataset    the dataset
     * @param userGroups planted group of each user (internal id order); owned by the result, read-only
     * @param itemGroups planted group of each item; read-only
     * @param lateItems  whether each item is in its group's late half (the drift target); read-only
     */
    public record Result(Dataset dataset, int[] userGroups, int[] itemGroups, boolean[] lateItems) {
        public Result {
            Objects.requireNonNull(dataset);
            Objects.requireNonNull(userGroups);
            Objects.requireNonNull(itemGroups);
            Objects.requireNonNull(lateItems);
        }
    }

    /** The dataset for {@code spec} and {@code seed}. */
    public static Dataset generate(SyntheticSpec spec, long seed) {
        return generateWithGroups(spec, seed).dataset();
    }

    /** The dataset and its planted groups, for tests and diagnostics. */
    public static Result generateWithGroups(SyntheticSpec spec, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        // one child stream per part, so changing how one part draws leaves the others as they were
        SplittableRandom itemRnd = root.split();
        SplittableRandom userRnd = root.split();
        SplittableRandom interRnd = root.split();
        int c = spec.groups();
        int ni = spec.items();
        int nu = spec.users();

        int[] itemGroup = deal(ni, c, itemRnd);
        int[] userGroup = deal(nu, c, userRnd);
        Popularity pop = new Popularity(itemGroup, c, spec.popularityExponent(), itemRnd);
        List<FieldData> itemFields = itemFields(itemGroup, c, itemRnd);
        List<FieldData> userFields = userFields(userGroup, c, userRnd);

        int mean = spec.interactionsPerUser();
        int cap = Math.min(ni, 4 * mean);
        InteractionBuffer out = new InteractionBuffer(nu * mean + nu, true, true);
        int[] takenBy = new int[ni]; // user + 1 that holds the item, so no per-user clearing
        for (int u = 0; u < nu; u++) {
            int g = userGroup[u];
            int n = Math.min(cap, MIN_PER_USER + geometric(mean - MIN_PER_USER, interRnd));
            long t = START + interRnd.nextLong(START_SPREAD);
            for (int k = 0; k < n; k++) {
                boolean inGroup = c == 1 || interRnd.nextDouble() < spec.inGroupProbability();
                int item;
                if (inGroup) {
                    double late = LATE_FIRST + LATE_SLOPE * (n == 1 ? 0 : (double) k / (n - 1));
                    item = pop.drawInGroup(g, interRnd.nextDouble() < late, takenBy, u + 1, interRnd);
                } else {
                    item = pop.drawOutside(g, takenBy, u + 1, interRnd);
                }
                takenBy[item] = u + 1;
                float rating = 1 + pick(inGroup ? RATING_IN : RATING_OUT, interRnd.nextDouble());
                out.add(u, item, rating, t);
                t += 1 + (long) (-Math.log(1 - interRnd.nextDouble()) * MEAN_GAP);
            }
        }
        Dataset d = new Dataset(NAME, IdMap.range(nu), IdMap.range(ni), out.users(), out.items(), out.ratings(), out.times(), null, userFields,
                itemFields);
        return new Result(d, userGroup, itemGroup, pop.late);
    }

    /** Spreads {@code n} rows evenly over {@code c} groups in random order. */
    private static int[] deal(int n, int c, SplittableRandom rnd) {
        int[] perm = permutation(n, rnd);
        int[] group = new int[n];
        for (int i = 0; i < n; i++) {
            group[perm[i]] = i % c;
        }
        return group;
    }

    private static int[] permutation(int n, SplittableRandom rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Geometric number of failures with the given mean (0 when the mean is 0). */
    private static int geometric(int mean, SplittableRandom rnd) {
        if (mean <= 0) {
            return 0;
        }
        double q = mean / (mean + 1.0); // continue probability
        return (int) Math.min(Integer.MAX_VALUE / 2, Math.floor(Math.log(1 - rnd.nextDouble()) / Math.log(q)));
    }

    /** Index drawn from probabilities {@code p} (summing to 1) with uniform {@code x}. */
    private static int pick(double[] p, double x) {
        double acc = 0;
        for (int i = 0; i < p.length - 1; i++) {
            acc += p[i];
            if (x < acc) {
                return i;
            }
        }
        return p.length - 1;
    }

    /** Popularity-weighted sampling tables: per (group, half) and over all items. */
    private static final class Popularity {
        final boolean[] late;
        private final int[] itemGroup;
        private final int[][][] members; // [group][half] -> items
        private final double[][][] cdf; // [group][half] -> cumulative weights
        private final int[] all;
        private final double[] allCdf;

        Popularity(int[] itemGroup, int c, double s, SplittableRandom rnd) {
            this.itemGroup = itemGroup;
            int n = itemGroup.length;
            late = new boolean[n];
            double[] weight = new double[n];
            int[] order = permutation(n, rnd);
            int[] rankInGroup = new int[c];
            int[][] count = new int[c][2];
            int[] rank = new int[n];
            for (int o : order) {
                int g = itemGroup[o];
                rank[o] = rankInGroup[g]++;
                late[o] = (rank[o] & 1) == 1;
                weight[o] = 1.0 / Math.pow(rank[o] + 1, s);
                count[g][late[o] ? 1 : 0]++;
            }
            members = new int[c][2][];
            cdf = new double[c][2][];
            for (int g = 0; g < c; g++) {
                for (int h = 0; h < 2; h++) {
                    members[g][h] = new int[count[g][h]];
                    cdf[g][h] = new double[count[g][h]];
                }
            }
            int[][] fill = new int[c][2];
            // items listed by popularity rank, so the CDF rises steeply first
            for (int o : order) {
                int g = itemGroup[o];
                int h = late[o] ? 1 : 0;
                members[g][h][fill[g][h]++] = o;
            }
            for (int g = 0; g < c; g++) {
                for (int h = 0; h < 2; h++) {
                    double acc = 0;
                    for (int k = 0; k < members[g][h].length; k++) {
                        acc += weight[members[g][h][k]];
                        cdf[g][h][k] = acc;
                    }
                }
            }
            all = order;
            allCdf = new double[n];
            double acc = 0;
            for (int k = 0; k < n; k++) {
                acc += weight[order[k]];
                allCdf[k] = acc;
            }
        }

        int drawInGroup(int g, boolean lateHalf, int[] takenBy, int mark, SplittableRandom rnd) {
            int h = lateHalf ? 1 : 0;
            int item = draw(members[g][h], cdf[g][h], -1, takenBy, mark, rnd);
            if (item < 0) {
                item = draw(members[g][1 - h], cdf[g][1 - h], -1, takenBy, mark, rnd);
            }
            return item >= 0 ? item : anyFree(takenBy, mark, rnd);
        }

        int drawOutside(int g, int[] takenBy, int mark, SplittableRandom rnd) {
            int item = draw(all, allCdf, g, takenBy, mark, rnd);
            return item >= 0 ? item : anyFree(takenBy, mark, rnd);
        }

        /** A popularity-weighted item not taken by {@code mark} and not in group {@code skipGroup}; -1 when none is left. */
        private int draw(int[] items, double[] cum, int skipGroup, int[] takenBy, int mark, SplittableRandom rnd) {
            int n = items.length;
            if (n == 0) {
                return -1;
            }
            double total = cum[n - 1];
            for (int tries = 0; tries < TRIES; tries++) {
                int k = Arrays.binarySearch(cum, rnd.nextDouble() * total);
                k = k >= 0 ? k + 1 : -k - 1;
                int item = items[Math.min(k, n - 1)];
                if (takenBy[item] != mark && itemGroup[item] != skipGroup) {
                    return item;
                }
            }
            // rejection keeps failing when most of the mass is taken: scan from a random start instead
            int start = rnd.nextInt(n);
            for (int k = 0; k < n; k++) {
                int item = items[(start + k) % n];
                if (takenBy[item] != mark && itemGroup[item] != skipGroup) {
                    return item;
                }
            }
            return -1;
        }

        private int anyFree(int[] takenBy, int mark, SplittableRandom rnd) {
            int n = takenBy.length;
            int start = rnd.nextInt(n);
            for (int k = 0; k < n; k++) {
                int item = (start + k) % n;
                if (takenBy[item] != mark) {
                    return item;
                }
            }
            throw new IllegalStateException("no item left for a user: more interactions than items");
        }
    }

    private static List<FieldData> itemFields(int[] itemGroup, int c, SplittableRandom rnd) {
        int n = itemGroup.length;
        int numGenres = Math.max(GENRES.length, c);
        String[] genreNames = new String[numGenres];
        for (int i = 0; i < numGenres; i++) {
            genreNames[i] = i < GENRES.length ? GENRES[i] : "Genre-" + (i + 1);
        }
        int[] genrePerm = permutation(numGenres, rnd);
        int numCategories = (c + 1) / 2;
        int[] groupCategory = new int[c];
        int[] catPerm = permutation(c, rnd);
        for (int g = 0; g < c; g++) {
            groupCategory[g] = catPerm[g] % numCategories;
        }
        Vocabulary words = new Vocabulary(rnd);
        String[][] groupWords = new String[c][GROUP_WORDS];
        for (int g = 0; g < c; g++) {
            for (int w = 0; w < GROUP_WORDS; w++) {
                groupWords[g][w] = words.fresh();
            }
        }
        String[] shared = new String[SHARED_WORDS];
        for (int w = 0; w < SHARED_WORDS; w++) {
            shared[w] = words.fresh();
        }

        FieldBuilders.MultiCategorical genres = new FieldBuilders.MultiCategorical("genres", n);
        FieldBuilders.Categorical category = new FieldBuilders.Categorical("category", n);
        String[] titles = new String[n];
        int[] chosen = new int[3];
        StringBuilder title = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int g = itemGroup[i];
            int main = genrePerm[g];
            if (rnd.nextDouble() >= 0.9) {
                main = rnd.nextInt(numGenres);
            }
            int count = 0;
            chosen[count++] = main;
            int extra = pick(EXTRA_GENRES, rnd.nextDouble());
            for (int e = 0; e < extra; e++) {
                int x = rnd.nextInt(numGenres);
                boolean dup = false;
                for (int k = 0; k < count; k++) {
                    dup |= chosen[k] == x;
                }
                if (!dup) {
                    chosen[count++] = x;
                }
            }
            for (int k = 0; k < count; k++) {
                genres.value(genreNames[chosen[k]]);
            }
            genres.endRow();
            int cat = rnd.nextDouble() < 0.9 ? groupCategory[g] : rnd.nextInt(numCategories);
            category.add("category-" + (cat + 1));
            title.setLength(0);
            int len = 2 + rnd.nextInt(3);
            for (int w = 0; w < len; w++) {
                String word = rnd.nextDouble() < 0.6 ? groupWords[g][rnd.nextInt(GROUP_WORDS)] : shared[rnd.nextInt(SHARED_WORDS)];
                title.append(w == 0 ? "" : " ").append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            }
            titles[i] = title.toString();
        }
        return List.of(genres.build(), category.build(), new FieldData.Text("title", titles));
    }

    private static List<FieldData> userFields(int[] userGroup, int c, SplittableRandom rnd) {
        int n = userGroup.length;
        String[] genders = {"F", "M"};
        String[] occupations = new String[OCCUPATIONS];
        for (int i = 0; i < OCCUPATIONS; i++) {
            occupations[i] = Integer.toString(i);
        }
        double[][] pGender = groupDistributions(c, genders.length, rnd);
        double[][] pAge = groupDistributions(c, AGES.length, rnd);
        double[][] pOcc = groupDistributions(c, OCCUPATIONS, rnd);
        FieldBuilders.Categorical gender = new FieldBuilders.Categorical("gender", n);
        FieldBuilders.Categorical age = new FieldBuilders.Categorical("age", n);
        FieldBuilders.Categorical occupation = new FieldBuilders.Categorical("occupation", n);
        for (int u = 0; u < n; u++) {
            int g = userGroup[u];
            gender.add(genders[pick(pGender[g], rnd.nextDouble())]);
            age.add(AGES[pick(pAge[g], rnd.nextDouble())]);
            occupation.add(occupations[pick(pOcc[g], rnd.nextDouble())]);
        }
        return List.of(gender.build(), age.build(), occupation.build());
    }

    /** Per group: half uniform, half a random peaked distribution (weights u^4). */
    private static double[][] groupDistributions(int c, int values, SplittableRandom rnd) {
        double[][] p = new double[c][values];
        for (int g = 0; g < c; g++) {
            double sum = 0;
            for (int v = 0; v < values; v++) {
                double x = rnd.nextDouble();
                p[g][v] = x * x * x * x;
                sum += p[g][v];
            }
            for (int v = 0; v < values; v++) {
                p[g][v] = 0.5 / values + 0.5 * (sum > 0 ? p[g][v] / sum : 1.0 / values);
            }
        }
        return p;
    }

    /** Pronounceable made-up words, never the same twice. */
    private static final class Vocabulary {
        private static final String CONSONANTS = "bdfgklmnprstvz";
        private static final String VOWELS = "aeiou";
        private final SplittableRandom rnd;
        private final Set<String> used = new HashSet<>();

        Vocabulary(SplittableRandom rnd) {
            this.rnd = rnd;
        }

        String fresh() {
            while (true) {
                int syllables = 2 + rnd.nextInt(2);
                StringBuilder b = new StringBuilder();
                for (int s = 0; s < syllables; s++) {
                    b.append(CONSONANTS.charAt(rnd.nextInt(CONSONANTS.length()))).append(VOWELS.charAt(rnd.nextInt(VOWELS.length())));
                }
                if (rnd.nextBoolean()) {
                    b.append(CONSONANTS.charAt(rnd.nextInt(CONSONANTS.length())));
                }
                String w = b.toString();
                if (used.add(w)) {
                    return w;
                }
            }
        }
    }
}
