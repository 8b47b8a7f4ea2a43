package io.mic.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticDatasetTest {
    private static SyntheticDataset.Result res;

    @BeforeAll
    static void generate() {
        res = SyntheticDataset.generateWithGroups(SyntheticSpec.defaults(), 7);
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        Dataset a = res.dataset();
        Dataset b = SyntheticDataset.generate(SyntheticSpec.defaults(), 7);
        assertThat(b.userColumn()).isEqualTo(a.userColumn());
        assertThat(b.itemColumn()).isEqualTo(a.itemColumn());
        assertThat(b.ratings()).isEqualTo(a.ratings());
        assertThat(b.timestamps()).isEqualTo(a.timestamps());
        assertThat(((FieldData.Text) b.itemField("title").orElseThrow()).values())
                .isEqualTo(((FieldData.Text) a.itemField("title").orElseThrow()).values());
        assertThat(((FieldData.Categorical) b.userField("occupation").orElseThrow()).values())
                .isEqualTo(((FieldData.Categorical) a.userField("occupation").orElseThrow()).values());
        Dataset c = SyntheticDataset.generate(SyntheticSpec.defaults(), 8);
        assertThat(c.itemColumn()).isNotEqualTo(a.itemColumn());
    }

    @Test
    void sizesFieldsAndPerUserCounts() {
        Dataset d = res.dataset();
        assertThat(d.name()).isEqualTo("synthetic");
        assertThat(d.numUsers()).isEqualTo(2000);
        assertThat(d.numItems()).isEqualTo(1000);
        assertThat(d.userFields()).extracting(FieldData::name).containsExactly("gender", "age", "occupation");
        assertThat(d.itemFields()).extracting(FieldData::name).containsExactly("genres", "category", "title");
        InteractionMatrix m = d.toMatrix();
        for (int u = 0; u < d.numUsers(); u++) {
            assertThat(m.count(u)).isBetween(5, 120);
        }
        // mean 5 + E[min(Geometric(mean 25), 115)] = 29.7; the sd of a 2,000-user mean is about 0.6, so +-1.8 is 3 sd
        assertThat((double) d.numInteractions() / d.numUsers()).isBetween(27.9, 31.5);
        for (float r : d.ratings()) {
            assertThat(r).isIn(1f, 2f, 3f, 4f, 5f);
        }
    }

    @Test
    void noRepeatedPairsAndStrictlyIncreasingTimePerUser() {
        Dataset d = res.dataset();
        Set<Long> pairs = new HashSet<>();
        int[] u = d.userColumn();
        int[] it = d.itemColumn();
        long[] t = d.timestamps();
        for (int i = 0; i < u.length; i++) {
            assertThat(pairs.add((long) u[i] * d.numItems() + it[i])).isTrue();
            if (i > 0 && u[i] == u[i - 1]) {
                assertThat(t[i]).isGreaterThan(t[i - 1]);
            }
        }
    }

    @Test
    void shareOfInGroupInteractionsMatchesTheSpec() {
        // about 59,000 Bernoulli(0.8) draws: sd 0.0016, so +-0.01 is 6 sd
        assertThat(inGroupShare(res)).isCloseTo(0.8, org.assertj.core.data.Offset.offset(0.01));
        // about 10,000 Bernoulli(0.3) draws: sd 0.0046, so +-0.02 is 4 sd
        SyntheticDataset.Result low = SyntheticDataset.generateWithGroups(new SyntheticSpec(500, 400, 4, 20, 0.3, 0.8), 3);
        assertThat(inGroupShare(low)).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.02));
    }

    private static double inGroupShare(SyntheticDataset.Result r) {
        Dataset d = r.dataset();
        int in = 0;
        for (int i = 0; i < d.numInteractions(); i++) {
            if (r.userGroups()[d.userColumn()[i]] == r.itemGroups()[d.itemColumn()[i]]) {
                in++;
            }
        }
        return (double) in / d.numInteractions();
    }

    @Test
    void laterInteractionsDriftToTheLateHalf() {
        // in-group draws come from the late half with probability 0.2 at the first and 0.8 at the last position;
        // ~1,600 in-group firsts and lasts each put the sd of either share near 0.01, the expected gap is 0.6
        Dataset d = res.dataset();
        InteractionMatrix m = d.toMatrix();
        int firstLate = 0;
        int firstIn = 0;
        int lastLate = 0;
        int lastIn = 0;
        for (int u = 0; u < d.numUsers(); u++) {
            int g = res.userGroups()[u];
            int first = m.items()[m.start(u)];
            int last = m.items()[m.end(u) - 1];
            if (res.itemGroups()[first] == g) {
                firstIn++;
                firstLate += res.lateItems()[first] ? 1 : 0;
            }
            if (res.itemGroups()[last] == g) {
                lastIn++;
                lastLate += res.lateItems()[last] ? 1 : 0;
            }
        }
        double firstShare = (double) firstLate / firstIn;
        double lastShare = (double) lastLate / lastIn;
        assertThat(firstShare).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.05));
        assertThat(lastShare).isCloseTo(0.8, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void itemFieldsCarryTheGroup() {
        Dataset d = res.dataset();
        int[] ig = res.itemGroups();
        int c = SyntheticSpec.defaults().groups();
        // category: the group's own with probability 0.9 (+ chance hits): expect ~0.92 of items to match their group's modal category
        FieldData.Categorical cat = (FieldData.Categorical) d.itemField("category").orElseThrow();
        assertThat(cat.vocab().size()).isEqualTo(4);
        assertThat(modalAgreement(cat.values(), ig, c, cat.vocab().size())).isGreaterThan(0.85);
        // genres: the first genre is the group's main one with probability 0.9
        FieldData.MultiCategorical genres = (FieldData.MultiCategorical) d.itemField("genres").orElseThrow();
        int[] firstGenre = new int[d.numItems()];
        for (int i = 0; i < firstGenre.length; i++) {
            firstGenre[i] = genres.values()[genres.offsets()[i]];
        }
        assertThat(modalAgreement(firstGenre, ig, c, genres.vocab().size())).isGreaterThan(0.85);
        // title words: 60% come from the group's own pool; words seen (almost) only in one group must make up most of the text
        String[] titles = ((FieldData.Text) d.itemField("title").orElseThrow()).values();
        Map<String, int[]> perGroup = new HashMap<>();
        int tokens = 0;
        for (int i = 0; i < titles.length; i++) {
            for (String w : titles[i].split(" ")) {
                perGroup.computeIfAbsent(w, k -> new int[c])[ig[i]]++;
                tokens++;
            }
        }
        int specific = 0;
        for (int[] counts : perGroup.values()) {
            int max = 0;
            int sum = 0;
            for (int x : counts) {
                max = Math.max(max, x);
                sum += x;
            }
            if (max >= 0.9 * sum) {
                specific += sum;
            }
        }
        assertThat((double) specific / tokens).isGreaterThan(0.5);
    }

    @Test
    void userProfilesPredictTheGroupBetterThanChance() {
        // learn the majority group per (gender, age, occupation) value on the first half of users, predict the second half;
        // chance is 1/8 with sd 0.0105 over 1,000 users, so 0.2 is 7 sd above it
        Dataset d = res.dataset();
        int c = 8;
        int[] g = ((FieldData.Categorical) d.userField("gender").orElseThrow()).values();
        int[] a = ((FieldData.Categorical) d.userField("age").orElseThrow()).values();
        int[] o = ((FieldData.Categorical) d.userField("occupation").orElseThrow()).values();
        int half = d.numUsers() / 2;
        Map<Integer, int[]> votes = new HashMap<>();
        for (int u = 0; u < half; u++) {
            votes.computeIfAbsent(key(g[u], a[u], o[u]), k -> new int[c])[res.userGroups()[u]]++;
        }
        int hits = 0;
        for (int u = half; u < d.numUsers(); u++) {
            int[] v = votes.get(key(g[u], a[u], o[u]));
            int best = 0;
            if (v != null) {
                for (int k = 1; k < c; k++) {
                    best = v[k] > v[best] ? k : best;
                }
            }
            hits += best == res.userGroups()[u] ? 1 : 0;
        }
        assertThat((double) hits / (d.numUsers() - half)).isGreaterThan(0.2);
    }

    private static int key(int g, int a, int o) {
        return (g * 16 + a) * 32 + o;
    }

    /** Share of rows whose value is the most common value among rows of the same group. */
    private static double modalAgreement(int[] values, int[] groups, int c, int vocab) {
        int[][] counts = new int[c][vocab];
        for (int i = 0; i < values.length; i++) {
            counts[groups[i]][values[i]]++;
        }
        int agree = 0;
        for (int[] row : counts) {
            int max = 0;
            for (int x : row) {
                max = Math.max(max, x);
            }
            agree += max;
        }
        return (double) agree / values.length;
    }

    @Test
    void inGroupRatingsAreHigher() {
        Dataset d = res.dataset();
        double in = 0;
        double out = 0;
        int nIn = 0;
        int nOut = 0;
        for (int i = 0; i < d.numInteractions(); i++) {
            if (res.userGroups()[d.userColumn()[i]] == res.itemGroups()[d.itemColumn()[i]]) {
                in += d.ratings()[i];
                nIn++;
            } else {
                out += d.ratings()[i];
                nOut++;
            }
        }
        // generated means 3.89 and 2.85
        assertThat(in / nIn).isCloseTo(3.89, org.assertj.core.data.Offset.offset(0.05));
        assertThat(out / nOut).isCloseTo(2.85, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void everyUserHasATestItemUnderLeaveLastOut() {
        DataSplit s = Splitter.leaveLastOut(res.dataset());
        assertThat(s.test().activeUsers()).isEqualTo(2000);
        assertThat(s.valid().activeUsers()).isEqualTo(2000);
    }

    @Test
    void oneGroupAndTinySpecsWork() {
        Dataset d = SyntheticDataset.generate(new SyntheticSpec(3, 10, 1, 5, 0.5, 0.0), 1);
        assertThat(d.numUsers()).isEqualTo(3);
        assertThat(d.numInteractions()).isBetween(15, 30);
        Dataset dense = SyntheticDataset.generate(new SyntheticSpec(20, 12, 2, 12, 0.9, 2.0), 1);
        assertThat(dense.numInteractions()).isLessThanOrEqualTo(20 * 12); // every user may take every item, never twice
    }

    @Test
    void invalidSpecsAreRejected() {
        assertThatThrownBy(() -> new SyntheticSpec(10, 10, 8, 5, 0.8, 0.8)).hasMessageContaining("items must be >= 2 x groups");
        assertThatThrownBy(() -> new SyntheticSpec(10, 100, 2, 4, 0.8, 0.8)).hasMessageContaining("interactionsPerUser");
        assertThatThrownBy(() -> new SyntheticSpec(10, 100, 2, 10, 1.5, 0.8)).hasMessageContaining("inGroupProbability");
        assertThatThrownBy(() -> new SyntheticSpec(10, 100, 2, 10, 0.5, Double.NaN)).hasMessageContaining("popularityExponent");
    }
}
