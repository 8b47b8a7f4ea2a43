package io.mic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.features.FeatureFile;
import io.mic.core.features.ItemFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mic features} on a three-movie ml-100k fixture: hashed features, then the same file read back through {@code --source file}. */
class FeaturesCommandTest {

    static Path fixture(Path tmp) throws Exception {
        Path d = Files.createDirectories(tmp.resolve("ml-100k"));
        StringBuilder genres = new StringBuilder();
        String[] names = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
            "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"};
        for (int i = 0; i < names.length; i++) {
            genres.append(names[i]).append('|').append(i).append('\n');
        }
        Files.writeString(d.resolve("u.genre"), genres.toString());
        Files.writeString(d.resolve("u.user"), "1|24|M|technician|85711\n2|53|F|other|94043\n");
        Files.writeString(d.resolve("u.item"), "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
                + "2|GoldenEye (1995)|01-Jan-1995||http://x|0|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0\n"
                + "3|Four Rooms (1995)|01-Jan-1995||http://x|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0\n");
        Files.writeString(d.resolve("u.data"), "1\t1\t5\t874965758\n1\t2\t3\t876893171\n2\t3\t4\t878542960\n2\t1\t4\t876893119\n");
        Path cfg = tmp.resolve("c.textproto");
        Files.writeString(cfg, "seed: 3\ndataset { format: MOVIELENS_100K path: \"ml-100k\" }\nprotocol: RECBOLE_DEFAULT\nmodel { plugin: \"pop\" }\n");
        return cfg;
    }

    @Test
    void hashedFeaturesThenTheSameThroughTheFileSource(@TempDir Path tmp) throws Exception {
        Path cfg = fixture(tmp);
        Path hashed = tmp.resolve("out/h.tsv");
        CliTest.Run r = CliTest.run("features", "--quiet", "-c", cfg.toString(), "--source", "hashed", "--dim", "8", "--out", hashed.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("3 items x 8 (hashed-ngram)");
        ItemFeatures f = FeatureFile.read(hashed, true);
        assertThat(f.ids()).containsExactlyInAnyOrder("1", "2", "3");
        Path copy = tmp.resolve("out/copy.micf");
        r = CliTest.run("features", "--quiet", "-c", cfg.toString(), "--source", "file", "--in", hashed.toString(), "--out", copy.toString());
        assertThat(r.code()).as(r.err()).isZero();
        ItemFeatures g = FeatureFile.read(copy, true);
        assertThat(g.ids()).containsExactly(f.ids());
        assertThat(g.values()).containsExactly(f.values());
        // an edited file no longer matches its manifest: exit 2 with the file named
        Files.writeString(hashed, Files.readString(hashed).replaceFirst("\t", "\t1"));
        r = CliTest.run("features", "--quiet", "-c", cfg.toString(), "--source", "file", "--in", hashed.toString(), "--out", copy.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("h.tsv");
    }
}
