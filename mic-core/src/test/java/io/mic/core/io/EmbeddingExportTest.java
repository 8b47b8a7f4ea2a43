package io.mic.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.config.proto.EmbeddingManifest;
import io.mic.core.data.IdMap;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingExportTest {
    @TempDir
    Path tmp;

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static IdMap ids(String prefix, int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(prefix + (n - i) + (i % 7 == 0 ? " é" : "")); // external order differs from internal, non-ASCII ok
        }
        return IdMap.of(l);
    }

    /** Users with 3 interests of dim 5 (added at once), items of dim 5 (streamed in uneven chunks). */
    private Path writeSample(Path dir, float[] users, float[] items) throws IOException {
        try (EmbeddingExport.Writer w = EmbeddingExport.writer(dir, "mic-dssm", "run-7/epoch-3")) {
            w.add("users", new Vectors(users, 40 * 3, 5, 3), ids("u", 40));
            try (EmbeddingExport.SetWriter s = w.begin("items", ids("i", 103), 5, 1)) {
                int r = 0;
                for (int chunk : new int[] {1, 50, 0, 52}) {
                    s.append(items, r * 5, chunk);
                    r += chunk;
                }
            }
            return w.commit();
        }
    }

    @Test
    void roundTripsVectorsIdsAndManifestOnHeapAndMapped() throws IOException {
        float[] users = random(40 * 3 * 5, 1);
        float[] items = random(103 * 5, 2);
        Path dir = writeSample(tmp.resolve("emb"), users, items);

        EmbeddingExport e = EmbeddingExport.open(dir, true);
        EmbeddingManifest m = e.manifest();
        assertThat(m.getFormat()).isEqualTo("mic-embeddings/1");
        assertThat(m.getModelName()).isEqualTo("mic-dssm");
        assertThat(m.getModelVersion()).isEqualTo("run-7/epoch-3");
        assertThat(e.names()).containsExactly("users", "items");
        assertThat(e.set("users").getInterests()).isEqualTo(3);
        assertThat(e.set("users").getEntities()).isEqualTo(40);
        assertThat(m.getFileList()).extracting(f -> f.getPath()).containsExactly("users.vec", "users.ids", "items.vec", "items.ids");
        assertThat(Files.size(dir.resolve("users.vec"))).isEqualTo(64 + 40 * 3 * 5 * 4);

        Vectors u = e.vectors("users");
        assertThat(u.values()).containsExactly(users); // bit-exact: float32 written, float32 read
        assertThat(u.rows()).isEqualTo(120);
        assertThat(u.interests()).isEqualTo(3);
        assertThat(u.entities()).isEqualTo(40);
        assertThat(e.vectors("items").values()).containsExactly(items);
        assertThat(e.ids("users").externals()).isEqualTo(ids("u", 40).externals());
        assertThat(e.ids("items").get("i102")).isEqualTo(1);
        assertThat(e.ids("items").external(0)).isEqualTo("i103 é");
        assertThat(e.externalIds("items")).isEqualTo(ids("i", 103).externals());

        // 7 rows of 5 floats = 140 bytes per mapping at most -> 4 rows per piece, 26 pieces
        try (MappedVectors mv = e.map("items", 140)) {
            assertThat(mv.rows()).isEqualTo(103);
            float[] row = new float[5];
            for (int r = 0; r < 103; r++) {
                mv.read(r, row, 0);
                for (int k = 0; k < 5; k++) {
                    assertThat(row[k]).isEqualTo(items[r * 5 + k]);
                }
                float dot = 0f;
                for (int k = 0; k < 5; k++) {
                    dot += items[r * 5 + k] * items[k];
                }
                assertThat(mv.dot(r, items, 0)).isEqualTo(dot);
            }
            float[] span = new float[(97 - 2) * 5];
            mv.read(2, 97, span, 0); // crosses many mappings
            for (int i = 0; i < span.length; i++) {
                assertThat(span[i]).isEqualTo(items[10 + i]);
            }
            assertThat(mv.toVectors().values()).containsExactly(items);
            assertThatThrownBy(() -> mv.read(103, row, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        }
        try (MappedVectors mv = e.map("users")) {
            Vectors part = mv.copy(6, 12); // entities 2 and 3
            assertThat(part.entities()).isEqualTo(2);
            assertThat(part.row(0)).containsExactly(u.row(6));
            assertThatThrownBy(() -> mv.copy(1, 6)).hasMessageContaining("split an entity");
        }
    }

    @Test
    void checksumMismatchNamesTheFile() throws IOException {
        Path dir = writeSample(tmp.resolve("emb"), random(600, 1), random(515, 2));
        Path items = dir.resolve("items.vec");
        try (FileChannel ch = FileChannel.open(items, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 200); // same size, different bytes
        }
        assertThatThrownBy(() -> EmbeddingExport.open(dir, true))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(items.toString())
                .hasMessageContaining("SHA-256");
        // without hashing the corruption of row data is not detectable, and open succeeds
        assertThat(EmbeddingExport.open(dir, false).names()).hasSize(2);
    }

    @Test
    void truncatedFileIsReportedWithoutHashing() throws IOException {
        Path dir = writeSample(tmp.resolve("emb"), random(600, 1), random(515, 2));
        Path users = dir.resolve("users.vec");
        try (FileChannel ch = FileChannel.open(users, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(users) - 4);
        }
        assertThatThrownBy(() -> EmbeddingExport.open(dir, false))
                .hasMessageContaining(users.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void truncatedFileWithAManifestToMatchIsCaughtByItsHeader() throws IOException {
        Path dir = writeSample(tmp.resolve("emb"), random(600, 1), random(515, 2));
        Path users = dir.resolve("users.vec");
        try (FileChannel ch = FileChannel.open(users, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(users) - 20);
        }
        rewriteManifest(dir, s -> s.replace("bytes: " + (64 + 600 * 4), "bytes: " + (64 + 600 * 4 - 20)));
        assertThatThrownBy(() -> EmbeddingExport.open(dir, false))
                .hasMessageContaining(users.toString())
                .hasMessageContaining("truncated")
                .hasMessageContaining("needs " + (64 + 600 * 4));
    }

    @Test
    void dimDisagreeingWithTheManifestNamesTheFile() throws IOException {
        Path dir = writeSample(tmp.resolve("emb"), random(600, 1), random(515, 2));
        rewriteManifest(dir, s -> s.replaceFirst("dim: 5", "dim: 8"));
        assertThatThrownBy(() -> EmbeddingExport.open(dir, false))
                .hasMessageContaining(dir.resolve("users.vec").toString())
                .hasMessageContaining("dim 5")
                .hasMessageContaining("dim 8");
    }

    @Test
    void corruptHeaderAndMissingFilesAreNamed() throws IOException {
        Path dir = writeSample(tmp.resolve("emb"), random(600, 1), random(515, 2));
        Path items = dir.resolve("items.vec");
        try (FileChannel ch = FileChannel.open(items, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 9), 8); // dim field
        }
        assertThatThrownBy(() -> EmbeddingExport.open(dir, false))
                .hasMessageContaining(items.toString())
                .hasMessageContaining("header checksum");
        Files.delete(dir.resolve("users.ids"));
        assertThatThrownBy(() -> EmbeddingExport.open(dir, false))
                .hasMessageContaining(dir.resolve("users.ids").toString())
                .hasMessageContaining("missing");
        Files.delete(dir.resolve(EmbeddingExport.MANIFEST));
        assertThatThrownBy(() -> EmbeddingExport.open(dir, false))
                .hasMessageContaining(dir.resolve(EmbeddingExport.MANIFEST).toString());
    }

    @Test
    void idFileWithTheWrongCountIsReported() throws IOException {
        Path dir = writeSample(tmp.resolve("emb"), random(600, 1), random(515, 2));
        Path ids = dir.resolve("items.ids");
        String text = Files.readString(ids, StandardCharsets.UTF_8);
        String shorter = text.substring(0, text.lastIndexOf('\n', text.length() - 2) + 1) + "x\nextra\n";
        Files.writeString(ids, shorter, StandardCharsets.UTF_8);
        rewriteManifest(dir, s -> s.replace("bytes: " + text.getBytes(StandardCharsets.UTF_8).length,
                "bytes: " + shorter.getBytes(StandardCharsets.UTF_8).length));
        EmbeddingExport e = EmbeddingExport.open(dir, false);
        assertThatThrownBy(() -> e.ids("items")).hasMessageContaining(ids.toString()).hasMessageContaining("104 ids");
    }

    @Test
    void anIncompleteSetFailsTheExportAndLeavesNothingBehind() throws IOException {
        Path dir = tmp.resolve("emb");
        try (EmbeddingExport.Writer w = EmbeddingExport.writer(dir, "m", "1")) {
            EmbeddingExport.SetWriter s = w.begin("items", IdMap.range(10), 4, 1);
            s.append(new float[36], 0, 9);
            assertThatThrownBy(s::close).hasMessageContaining("got 9 rows, declared 10");
            assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class);
        }
        assertThat(dir).doesNotExist();
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s).isEmpty(); // the staged directory is gone too
        }
    }

    @Test
    void rejectsNonFiniteValuesAndOverflowingAppends() throws IOException {
        try (EmbeddingExport.Writer w = EmbeddingExport.writer(tmp.resolve("emb"), "m", "1")) {
            EmbeddingExport.SetWriter s = w.begin("items", IdMap.range(3), 2, 1);
            float[] v = {0, 1, 2, Float.NaN, 4, 5};
            assertThatThrownBy(() -> s.append(v, 0, 3)).hasMessageContaining("row 1 holds NaN");
            assertThatThrownBy(() -> s.append(new float[4], 0, 3)).hasMessageContaining("exceed the array");
            assertThatThrownBy(() -> s.append(new float[8], 0, 4)).hasMessageContaining("4 rows appended, declared 3");
        }
    }

    @Test
    void refusesToOverwriteUnlessAskedThenReplaces() throws IOException {
        Path dir = writeSample(tmp.resolve("emb"), random(600, 1), random(515, 2));
        assertThatThrownBy(() -> writeSample(dir, random(600, 3), random(515, 4))).hasMessageContaining("already exists");
        float[] items = random(6, 9);
        try (EmbeddingExport.Writer w = EmbeddingExport.writer(dir, "m", "2").replaceExisting(true)) {
            w.add("items", Vectors.of(items, 2), IdMap.range(3));
            w.commit();
        }
        EmbeddingExport e = EmbeddingExport.open(dir, true);
        assertThat(e.names()).containsExactly("items");
        assertThat(e.vectors("items").values()).containsExactly(items);
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s).containsExactly(dir); // neither the old copy nor a staged directory remains
        }
    }

    private static void rewriteManifest(Path dir, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path mf = dir.resolve(EmbeddingExport.MANIFEST);
        Files.writeString(mf, edit.apply(Files.readString(mf)));
    }
}
