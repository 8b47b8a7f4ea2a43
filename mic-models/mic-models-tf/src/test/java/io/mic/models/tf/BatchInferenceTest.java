package io.mic.models.tf;

import io.mic.models.tf.export.BatchInference;
import io.mic.models.tf.export.ExportedModel;
import io.mic.models.tf.export.SavedModelExporter;
import io.mic.models.tf.ops.Layers;
import static io.mic.models.tf.SavedModelExporterTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.data.IdMap;
import io.mic.core.io.EmbeddingExport;
import io.mic.core.io.MappedVectors;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * All item vectors and all K-interest user vectors of the test two-tower, inferred in batches of 7
 * (so the last batch is partial) and streamed into an embedding export, must equal the same
 * entities run as one batch, and the SavedModel's signatures, after a round trip through the
 * files. Tolerance 1e-5 as in {@link SavedModelExporterTest} (row results do not depend on the
 * batch they ran in beyond float32 rounding).
 */
class BatchInferenceTest {
    static final int LEN = 4;

    static int[] itemGenres(int from, int to) {
        int[] g = new int[(to - from) * 2];
        for (int i = from; i < to; i++) {
            g[(i - from) * 2] = i % SavedModelExporterTest.GENRES;
            g[(i - from) * 2 + 1] = i % 3 == 0 ? -1 : (i * 7) % SavedModelExporterTest.GENRES;
        }
        return g;
    }

    static int[] userHistory(int from, int to) {
        int[] h = new int[(to - from) * LEN];
        for (int u = from; u < to; u++) {
            for (int j = 0; j < LEN; j++) {
                h[(u - from) * LEN + j] = j < u % (LEN + 1) ? (u * 13 + j * 5) % SavedModelExporterTest.ITEMS : -1;
            }
        }
        return h;
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = from; i < to; i++) {
            r[i - from] = i;
        }
        return r;
    }

    static IdMap externalIds(String prefix, int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(prefix + (1000 + i));
        }
        return IdMap.of(l);
    }

    @Test
    void streamsEveryEntityIntoAnExportThatMatchesOneBatchAndTheSavedModel(@TempDir Path dir) throws IOException {
        SavedModelExporterTest.TwoTower m = new SavedModelExporterTest.TwoTower();
        int items = SavedModelExporterTest.ITEMS;
        int users = SavedModelExporterTest.USERS;
        int k = SavedModelExporterTest.K;
        int d = SavedModelExporterTest.D;
        Path out = dir.resolve("emb");
        float[] itemsOneBatch;
        float[] interestsOneBatch;
        try (GraphBuilder gb = new GraphBuilder()) {
            Lookup itemId = gb.table(m.items).lookup("item_id");
            Lookup genres = gb.table(m.genres).lookupSequence("genres");
            Lookup hist = gb.table(m.items).lookupSequence("history");
            Operand<TFloat32> itemVec = m.itemMlp.apply(gb, gb.tf().concat(List.of(itemId.values(),
                    Layers.maskedMean(gb.tf(), genres.values(), genres.mask())), gb.tf().constant(1)));
            Operand<TFloat32> interests = m.interests(gb, hist);
            try (StepGraph fwd = gb.buildForward()) {
                BatchInference.BatchFeeder itemFeed = (f, from, to) -> f.ids(itemId, range(from, to)).ids(genres, itemGenres(from, to), to - from, 2);
                BatchInference.BatchFeeder userFeed = (f, from, to) -> f.ids(hist, userHistory(from, to), to - from, LEN);
                try (EmbeddingExport.Writer w = EmbeddingExport.writer(out, "two-tower-test", "1")) {
                    try (EmbeddingExport.SetWriter s = w.begin("items", externalIds("i", items), d, 1)) {
                        BatchInference.run(fwd, itemVec, items, 7, itemFeed, s);
                    }
                    try (EmbeddingExport.SetWriter s = w.begin("users", externalIds("u", users), d, k)) {
                        assertThatThrownBy(() -> BatchInference.run(fwd, interests, users - 1, 7, userFeed, s))
                                .hasMessageContaining("the set expects " + users * k + " more rows");
                        BatchInference.run(fwd, interests, users, 7, userFeed, s);
                    }
                    w.commit();
                }
                Feeds f = fwd.newFeeds();
                itemFeed.feed(f, 0, items);
                itemsOneBatch = fwd.forward(f, itemVec)[0];
                f.clear();
                userFeed.feed(f, 0, users);
                interestsOneBatch = fwd.forward(f, interests)[0];
            }
        }
        EmbeddingExport e = EmbeddingExport.open(out, true);
        Vectors iv = e.vectors("items");
        assertClose(iv.values(), itemsOneBatch);
        assertThat(e.ids("items").external(5)).isEqualTo("i1005");
        try (MappedVectors uv = e.map("users")) {
            assertThat(uv.interests()).isEqualTo(k);
            assertThat(uv.entities()).isEqualTo(users);
            assertClose(uv.toVectors().values(), interestsOneBatch);
        }

        Path saved = dir.resolve("saved");
        SavedModelExporter.create("two-tower-test", "1").export(saved, SavedModelExporterTest.signatures(m));
        try (ExportedModel sm = ExportedModel.load(saved, true)) {
            Vectors z = sm.call("serving_user_interests").ints("history", userHistory(0, users), users, LEN).vectors("user_vectors");
            assertClose(z.values(), e.vectors("users").values());
        }
    }
}
