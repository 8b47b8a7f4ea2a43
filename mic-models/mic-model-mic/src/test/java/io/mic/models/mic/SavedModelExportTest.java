package io.mic.models.mic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.config.proto.SignatureSpec;
import io.mic.core.config.proto.TensorSpec;
import io.mic.core.feature.FeatureBuilder;
import io.mic.core.feature.HistoryMode;
import io.mic.models.tf.SavedModelExportable;
import io.mic.models.tf.export.ExportedModel;
import io.mic.models.tf.tower.TowerEncoder;
import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;
import io.mic.spi.Model;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trained model's SavedModel, reloaded by TensorFlow and fed the same raw ids the model's own
 * feature pipeline produces, returns the vectors the model serves in process (≤ 1e-5).
 */
class SavedModelExportTest {
    private static Fixture fx;

    @BeforeAll
    static void data() {
        fx = Fixture.small(7);
    }

    @Test
    void micOverYoutubeDnnExportsBothTowersWithTheInProcessVectors(@TempDir Path tmp) throws IOException {
        Model m = fx.model("mic", Map.of(), Fixture.Spec.of("youtube-dnn", "dim", "16", "history_length", "10", "recent_users", "5"),
                List.of(), List.of(), Fixture.trainer(1, 256, 0.003, null, false));
        m.fit(fx.split);
        Path dir = tmp.resolve("savedmodel");
        assertThat(SavedModelExportable.exportIfSupported(m, dir)).isTrue();
        assertSameVectors(m, dir);
    }

    @Test
    void twoTowerOverDssmExportsItsFieldsAsInputs(@TempDir Path tmp) throws IOException {
        Model m = fx.model("two-tower", Map.of(), Fixture.Spec.of("dssm", "dim", "16"), List.of(), List.of(),
                Fixture.trainer(1, 256, 0.003, null, false));
        m.fit(fx.split);
        Path dir = tmp.resolve("savedmodel");
        assertThat(SavedModelExportable.exportIfSupported(m, dir)).isTrue();
        assertSameVectors(m, dir);
        assertThatThrownBy(() -> SavedModelExportable.exportIfSupported(m, dir)).isInstanceOf(IOException.class);
    }

    @Test
    void baselinesHaveNoSavedModel(@TempDir Path tmp) throws IOException {
        Model pop = fx.pop();
        pop.fit(fx.split);
        assertThat(SavedModelExportable.exportIfSupported(pop, tmp.resolve("x"))).isFalse();
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    private static void assertSameVectors(Model m, Path dir) throws IOException {
        TowerEncoder enc = (TowerEncoder) ((CrossChannelModel) m).encoder().orElseThrow();
        FeatureBuilder fb = FeatureBuilder.of(fx.split, enc.historyLength(), enc.recentUsers(), HistoryMode.defaultFor(fx.split));
        int[] users = range(fb.numUsers());
        int[] items = range(fb.numItems());
        try (ExportedModel em = ExportedModel.load(dir, true)) {
            assertThat(em.signatures()).containsExactlyInAnyOrder("serving_user", "serving_item");
            Vectors u = call(em, "serving_user", fb.users(users)).vectors("user_vector");
            Vectors v = call(em, "serving_item", fb.items(items)).vectors("item_vector");
            assertClose(u, m.userVectors().orElseThrow());
            assertClose(v, m.itemVectors().orElseThrow());
        }
    }

    /** Feeds every input of the signature from the batch column it names (id, history, recent_users, f_<field>). */
    private static ExportedModel.Call call(ExportedModel em, String name, FeatureBatch batch) {
        SignatureSpec sig = em.manifest().getSignatureList().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
        ExportedModel.Call c = em.call(name);
        int b = batch.size();
        for (TensorSpec in : sig.getInputList()) {
            String key = in.getKey();
            String column = batch.names().stream().filter(n -> key.equals(n) || key.equals("f_" + n.replaceAll("[^A-Za-z0-9_]", "_")))
                    .findFirst().orElseThrow(() -> new AssertionError("no batch column for input " + key + " in " + batch.names()));
            Column col = batch.column(column);
            if (col instanceof Column.Ids ids) {
                c.ints(key, ids.values(), b);
            } else {
                Column.MultiIds multi = (Column.MultiIds) col;
                int len = 1;
                for (int r = 0; r < b; r++) {
                    len = Math.max(len, multi.length(r));
                }
                int[] padded = new int[b * len];
                java.util.Arrays.fill(padded, -1);
                for (int r = 0; r < b; r++) {
                    System.arraycopy(multi.values(), multi.offsets()[r], padded, r * len, multi.length(r));
                }
                c.ints(key, padded, b, len);
            }
        }
        return c;
    }

    private static void assertClose(Vectors exported, Vectors inProcess) {
        assertThat(exported.rows()).isEqualTo(inProcess.rows());
        assertThat(exported.dim()).isEqualTo(inProcess.dim());
        float[] a = exported.values();
        float[] e = inProcess.values();
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs(a[i] - e[i]));
        }
        assertThat(max).as("max |exported - in-process|").isLessThanOrEqualTo(1e-5);
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
