package io.mic.models.crmman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.data.DataFormatException;
import io.mic.core.data.IdMap;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeGraphTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        if (name.endsWith(".gz")) {
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
                o.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            Files.writeString(p, text);
        }
        return p;
    }

    @Test
    void loadsTheMkrLayoutGzippedAndMapsItems() throws IOException {
        write("kg.txt.gz", "0\tfilm.genre\t10\n1\tfilm.genre\t10\n1\tfilm.director\t11\n\n2\tfilm.genre\t12\n");
        write("item_index2entity_id.txt", "m1\t0\nm2\t1\nm3\t2\nm9\t99\n");
        KnowledgeGraph kg = KnowledgeGraph.loadDirectory(dir);
        assertThat(kg.numTriples()).isEqualTo(4);
        assertThat(kg.relations()).containsExactly("film.genre", "film.director");
        assertThat(kg.mappedItems()).isEqualTo(4);
        // entities: 0 10 1 11 2 12 (order of appearance) + 99 from the mapping
        assertThat(kg.numEntities()).isEqualTo(7);
        int[] ent = kg.entityOfItems(IdMap.of(List.of("m2", "m1", "m4")));
        assertThat(ent).containsExactly(kg.entities().get("1"), kg.entities().get("0"), -1);
        int[][] nb = kg.neighbours();
        int e1 = kg.entities().get("1");
        assertThat(java.util.Arrays.copyOfRange(nb[1], nb[0][e1], nb[0][e1 + 1]))
                .containsExactlyInAnyOrder(kg.entities().get("10"), kg.entities().get("11"));
    }

    @Test
    void malformedTriplesNameFileAndLine() throws IOException {
        Path m = write("map.txt", "a\t0\n");
        Path t = write("bad.txt", "0\tr\t1\n0\tr\n");
        assertThatThrownBy(() -> KnowledgeGraph.load(t, m)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("bad.txt:2").hasMessageContaining("expected 3 tab-separated fields");
        Path t2 = write("empty.txt", "0\t\t1\n");
        assertThatThrownBy(() -> KnowledgeGraph.load(t2, m)).hasMessageContaining("empty.txt:1").hasMessageContaining("relation");
        Path ok = write("ok.txt", "0\tr\t1\n");
        Path badMap = write("badmap.txt", "a\t0\nb\n");
        assertThatThrownBy(() -> KnowledgeGraph.load(ok, badMap)).hasMessageContaining("badmap.txt:2");
        Path twice = write("twice.txt", "a\t0\na\t1\n");
        assertThatThrownBy(() -> KnowledgeGraph.load(ok, twice)).hasMessageContaining("twice.txt:2").hasMessageContaining("mapped twice");
    }

    @Test
    void missingFilesAreNamed() {
        assertThatThrownBy(() -> KnowledgeGraph.loadDirectory(dir)).hasMessageContaining("kg.txt");
    }
}
