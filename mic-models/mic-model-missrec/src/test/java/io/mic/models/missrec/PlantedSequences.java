package io.mic.models.missrec;

import io.mic.core.data.Dataset;
import io.mic.core.data.FieldData;
import io.mic.core.data.IdMap;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sequences with a planted order: items form {@code chains} cycles of {@code len} items; a user
 * starts at a random item and mostly (probability {@code 1 - noise}) steps to the next item of the
 * chain, else jumps to a random item. The next item is predictable from the last one, while every
 * item is about equally popular, so a sequence model must beat popularity by far. Item fields: a
 * title naming the item's chain and position ({@code "chain 3 step 17"}, TEXT) and, with
 * {@code image}, a DENSE 8-dim vector that is the chain's direction plus noise (a second modality).
 */
final class PlantedSequences {
    private PlantedSequences() {
    }

    static Dataset generate(int users, int chains, int len, int minSeq, int maxSeq, double noise, boolean image, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int items = chains * len;
        List<Integer> uc = new ArrayList<>();
        List<Integer> ic = new ArrayList<>();
        List<Long> tc = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int n = minSeq + r.nextInt(maxSeq - minSeq + 1);
            int cur = r.nextInt(items);
            for (int t = 0; t < n; t++) {
                uc.add(u);
                ic.add(cur);
                tc.add((long) t);
                cur = r.nextDouble() < noise ? r.nextInt(items) : (cur / len) * len + (cur % len + 1) % len;
            }
        }
        String[] titles = new String[items];
        float[] img = new float[items * 8];
        float[][] dir = new float[chains][8];
        for (int c = 0; c < chains; c++) {
            for (int j = 0; j < 8; j++) {
                dir[c][j] = (float) r.nextGaussian();
            }
        }
        for (int i = 0; i < items; i++) {
            titles[i] = "chain c" + (i / len) + " step s" + (i % len);
            for (int j = 0; j < 8; j++) {
                img[i * 8 + j] = dir[i / len][j] + 0.3f * (float) r.nextGaussian();
            }
        }
        int[] u = uc.stream().mapToInt(Integer::intValue).toArray();
        int[] it = ic.stream().mapToInt(Integer::intValue).toArray();
        long[] ts = tc.stream().mapToLong(Long::longValue).toArray();
        List<FieldData> fields = new ArrayList<>();
        fields.add(new FieldData.Text("title", titles));
        if (image) {
            fields.add(new FieldData.Dense("image", img, 8));
        }
        return new Dataset("planted-seq", IdMap.range(users), IdMap.range(items), u, it, null, ts, null, List.of(), fields);
    }
}
