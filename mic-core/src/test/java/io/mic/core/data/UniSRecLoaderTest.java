package io.mic.core.data;

import static io.mic.core.data.TestFiles.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fixture with histories capped at 3 items (the published files cap at 50): user 0's full sequence
 * is 0 1 2 3 4 0, of which the test row alone shows only the last four.
 */
class UniSRecLoaderTest {
    private static final String HEADER = "user_id:token\titem_id_list:token_seq\titem_id:token";

    @TempDir
    Path dir;

    private void write(boolean gz, String valid, String test) {
        TestFiles.write(dir, "Toy.item2index", lines("A3\t3", "A0\t0", "A1\t1", "A4\t4", "A2\t2"));
        TestFiles.write(dir, "Toy.user2index", lines("U0\t0", "U1\t1", "U2\t2"));
        String text = lines("item_id:token\ttext:token_seq", "A0\tGröße 10 µm. Lab", "A1\tBeaker", "A2\tFlask", "A3\tPipette");
        String train = lines(HEADER, "0\t0 1 2\t3", "0\t0 1\t2", "0\t0\t1", "2\t4\t2");
        if (gz) {
            TestFiles.writeGz(dir, "Toy.text", text, StandardCharsets.UTF_8);
            TestFiles.writeGz(dir, "Toy.train.inter", train, StandardCharsets.UTF_8);
            TestFiles.writeGz(dir, "Toy.valid.inter", valid, StandardCharsets.UTF_8);
            TestFiles.writeGz(dir, "Toy.test.inter", test, StandardCharsets.UTF_8);
        } else {
            TestFiles.write(dir, "Toy.text", text);
            TestFiles.write(dir, "Toy.train.inter", train);
            TestFiles.write(dir, "Toy.valid.inter", valid);
            TestFiles.write(dir, "Toy.test.inter", test);
        }
    }

    private static final String VALID = lines(HEADER, "0\t1 2 3\t4", "1\t2\t3", "2\t4 2\t1");
    private static final String TEST = lines(HEADER, "2\t4 2 1\t0", "0\t2 3 4\t0", "1\t2 3\t1");

    @Test
    void rebuildsFullSequencesWithPositionsAndTags() {
        write(false, VALID, TEST);
        Dataset d = UniSRecLoader.load(dir, "Toy");
        assertThat(d.name()).isEqualTo("Toy");
        assertThat(d.items().externals()).containsExactly("A0", "A1", "A2", "A3", "A4");
        assertThat(d.users().externals()).containsExactly("U0", "U1", "U2");
        assertThat(d.userColumn()).containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2);
        assertThat(d.itemColumn()).containsExactly(0, 1, 2, 3, 4, 0, 2, 3, 1, 4, 2, 1, 0);
        assertThat(d.timestamps()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 0L, 1L, 2L, 0L, 1L, 2L, 3L);
        assertThat(d.splitTags()).containsExactly(0, 0, 0, 0, 1, 2, 0, 1, 2, 0, 0, 1, 2);
        assertThat(d.ratings()).isNull();
        FieldData.Text text = (FieldData.Text) d.itemField("text").orElseThrow();
        assertThat(text.values()).containsExactly("Größe 10 µm. Lab", "Beaker", "Flask", "Pipette", "");
    }

    @Test
    void detectsThePrefixAndReadsGzip() {
        write(true, VALID, TEST);
        Dataset d = UniSRecLoader.load(dir, null);
        assertThat(d.name()).isEqualTo("Toy");
        assertThat(d.numInteractions()).isEqualTo(13);
    }

    @Test
    void givenSplitMatchesLeaveLastOutOnTheRebuiltSequences() {
        write(false, VALID, TEST);
        Dataset d = UniSRecLoader.load(dir, "Toy");
        DataSplit given = Splitter.given(d);
        DataSplit lastOut = Splitter.leaveLastOut(d);
        for (int u = 0; u < d.numUsers(); u++) {
            assertThat(given.test().itemsOf(u)).containsExactly(lastOut.test().itemsOf(u));
            assertThat(given.valid().itemsOf(u)).containsExactly(lastOut.valid().itemsOf(u));
            assertThat(given.train().itemsOf(u)).containsExactly(lastOut.train().itemsOf(u));
        }
    }

    @Test
    void inconsistentValidRowIsAnErrorAtItsLine() {
        write(false, lines(HEADER, "0\t1 2 3\t4", "1\t2\t3", "2\t4 3\t1"), TEST);
        assertThatThrownBy(() -> UniSRecLoader.load(dir, "Toy")).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("Toy.valid.inter:4: column 'item_id_list': expected the last 2 items of user 2's sequence so far [4 2], got [4 3]");
    }

    @Test
    void itemIndexOutOfRangeIsAnError() {
        write(false, VALID, lines(HEADER, "2\t4 2 1\t7"));
        assertThatThrownBy(() -> UniSRecLoader.load(dir, "Toy")).hasMessageContaining("Toy.test.inter:2: column 'item_id': expected an item index in [0, 5)");
    }

    @Test
    void userWithoutTestRowIsAnError() {
        write(false, VALID, lines(HEADER, "2\t4 2 1\t0", "1\t2 3\t1"));
        assertThatThrownBy(() -> UniSRecLoader.load(dir, "Toy")).hasMessageContaining("Toy.test.inter:0: user 0 ('U0') has rows in Toy.train.inter");
    }

    @Test
    void twoTestRowsForOneUserIsAnError() {
        write(false, VALID, TEST + "1\t2 3\t1\n");
        assertThatThrownBy(() -> UniSRecLoader.load(dir, "Toy")).hasMessageContaining("Toy.test.inter:5: column 'user_id': user 1 already has a row at line 4");
    }

    @Test
    void gapInIndexFileIsAnError() {
        write(false, VALID, TEST);
        TestFiles.write(dir, "Toy.user2index", lines("U0\t0", "U1\t1", "U2\t3"));
        assertThatThrownBy(() -> UniSRecLoader.load(dir, "Toy")).hasMessageContaining("Toy.user2index:3: column 'index': expected an index below 3");
    }

    @Test
    void severalPrefixesNeedAnExplicitOne() {
        write(false, VALID, TEST);
        TestFiles.write(dir, "Other.text", "item_id:token\ttext:token_seq\n");
        assertThatThrownBy(() -> UniSRecLoader.load(dir, null)).hasMessageContaining("several UniSRec datasets").hasMessageContaining("[Other, Toy]");
    }
}
