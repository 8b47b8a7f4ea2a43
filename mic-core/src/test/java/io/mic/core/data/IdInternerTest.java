package io.mic.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdInternerTest {
    private static int intern(IdInterner ids, String s) {
        byte[] b = ("##" + s + "##").getBytes(StandardCharsets.UTF_8); // ids sit inside a larger buffer, as in a line
        return ids.intern(b, 2, b.length - 2);
    }

    private static int find(IdInterner ids, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ids.find(b, 0, b.length);
    }

    @Test
    void agreesWithAHashMapOnMixedIds() {
        // numbers (direct path), numbers with leading zeros or too large (table path), text, non-ASCII: checked against HashMap
        IdInterner ids = new IdInterner(StandardCharsets.UTF_8);
        Map<String, Integer> expected = new HashMap<>();
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            String s = switch (rnd.nextInt(5)) {
                case 0 -> Integer.toString(rnd.nextInt(5000));
                case 1 -> "0" + rnd.nextInt(300);
                case 2 -> Long.toString(10_000_000L + rnd.nextInt(300));
                case 3 -> "A" + Integer.toString(rnd.nextInt(3000), 36).toUpperCase();
                default -> "ü" + rnd.nextInt(100);
            };
            Integer want = expected.get(s);
            if (want == null) {
                want = expected.size();
                expected.put(s, want);
            }
            assertThat(intern(ids, s)).as(s).isEqualTo(want);
        }
        assertThat(ids.size()).isEqualTo(expected.size());
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            assertThat(find(ids, e.getKey())).isEqualTo(e.getValue());
            assertThat(ids.external(e.getValue())).isEqualTo(e.getKey());
        }
        assertThat(find(ids, "never-seen")).isEqualTo(-1);
        assertThat(find(ids, "4999999")).isEqualTo(-1);
        assertThat(ids.toIdMap().size()).isEqualTo(expected.size());
    }

    @Test
    void leadingZerosMakeADifferentId() {
        IdInterner ids = new IdInterner(StandardCharsets.UTF_8);
        assertThat(intern(ids, "7")).isZero();
        assertThat(intern(ids, "007")).isEqualTo(1);
        assertThat(intern(ids, "0")).isEqualTo(2);
        assertThat(find(ids, "7")).isZero();
    }
}
