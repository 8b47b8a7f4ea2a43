package io.mic.core.data;

import static io.mic.core.data.TestFiles.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.spi.Column;
import io.mic.spi.FieldKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecBoleAtomicLoaderTest {
    private static final String INTER = lines("user_id:token\titem_id:token\trating:float\ttimestamp:float\treview:token_seq",
            "u1\ti1\t4\t100.7\tgood stuff", "u2\ti2\t3.5\t50\t", "u1\ti2\t5\t101\tok");
    private static final String USER = lines("user_id:token\tage:token\ttags:token_seq\tscore:float\temb:float_seq", "u2\t25\ta b\t0.5\t1 2 3",
            "u9\t30\tc\t1\t4 5 6", "u1\t\t\t\t");

    @TempDir
    Path dir;

    @Test
    void loadsInteractionsAndEveryFieldType() {
        TestFiles.writeGz(dir, "toy.inter", INTER, StandardCharsets.UTF_8);
        TestFiles.write(dir, "toy.user", USER);
        TestFiles.write(dir, "toy.item", lines("item_id:token\tcat:token", "i2\ty", "i1\tx"));
        Dataset d = RecBoleAtomicLoader.load(dir, "toy");

        assertThat(d.name()).isEqualTo("toy");
        assertThat(d.users().externals()).containsExactly("u1", "u2");
        assertThat(d.items().externals()).containsExactly("i1", "i2");
        assertThat(d.userColumn()).containsExactly(0, 1, 0);
        assertThat(d.itemColumn()).containsExactly(0, 1, 1);
        assertThat(d.ratings()).containsExactly(4f, 3.5f, 5f);
        assertThat(d.timestamps()).containsExactly(100L, 50L, 101L);

        FieldData.Categorical age = (FieldData.Categorical) d.userField("age").orElseThrow();
        assertThat(age.values()).containsExactly(Column.MISSING, 0);
        assertThat(age.vocab().externals()).containsExactly("25"); // u9 has no interactions: its row is skipped
        FieldData.MultiCategorical tags = (FieldData.MultiCategorical) d.userField("tags").orElseThrow();
        assertThat(tags.offsets()).containsExactly(0, 0, 2);
        FieldData.Dense score = (FieldData.Dense) d.userField("score").orElseThrow();
        assertThat(score.dim()).isEqualTo(1);
        assertThat(score.values()).containsExactly(0f, 0.5f);
        FieldData.Dense emb = (FieldData.Dense) d.userField("emb").orElseThrow();
        assertThat(emb.spec().kind()).isEqualTo(FieldKind.DENSE);
        assertThat(emb.dim()).isEqualTo(3);
        assertThat(emb.values()).containsExactly(0f, 0f, 0f, 1f, 2f, 3f);
        FieldData.Categorical cat = (FieldData.Categorical) d.itemField("cat").orElseThrow();
        assertThat(cat.vocab().external(cat.values()[0])).isEqualTo("x");
        assertThat(cat.vocab().external(cat.values()[1])).isEqualTo("y");
    }

    @Test
    void implicitDataWithoutTimeHasNullColumns() {
        TestFiles.write(dir, "imp.inter", lines("item_id:token\tuser_id:token", "7\t1", "8\t1", "7\t2"));
        Dataset d = RecBoleAtomicLoader.load(dir, "imp");
        assertThat(d.ratings()).isNull();
        assertThat(d.timestamps()).isNull();
        assertThat(d.users().externals()).containsExactly("1", "2");
        assertThat(d.userFields()).isEmpty();
    }

    @Test
    void unknownHeaderTypeIsAnErrorAtLineOne() {
        TestFiles.write(dir, "bad.inter", lines("user_id:token\titem_id:token\trating:str", "u\ti\t1"));
        assertThatThrownBy(() -> RecBoleAtomicLoader.load(dir, "bad")).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("bad.inter:1: column 'rating': unknown type 'str', expected one of token, token_seq, float, float_seq");
    }

    @Test
    void ratingMustBeFloat() {
        TestFiles.write(dir, "bad.inter", lines("user_id:token\titem_id:token\trating:token", "u\ti\t1"));
        assertThatThrownBy(() -> RecBoleAtomicLoader.load(dir, "bad")).hasMessageContaining("bad.inter:1: column 'rating': expected type float, got 'token'");
    }

    @Test
    void headerWithoutTypeIsAnError() {
        TestFiles.write(dir, "bad.inter", lines("user_id\titem_id:token", "u\ti"));
        assertThatThrownBy(() -> RecBoleAtomicLoader.load(dir, "bad")).hasMessageContaining("bad.inter:1: column 'field 1': expected 'name:type'");
    }

    @Test
    void missingUserColumnListsTheColumns() {
        TestFiles.write(dir, "bad.inter", lines("uid:token\titem_id:token", "u\ti"));
        assertThatThrownBy(() -> RecBoleAtomicLoader.load(dir, "bad"))
                .hasMessageContaining("bad.inter:1: column 'user_id': required column missing from the header (columns: uid:token, item_id:token)");
    }

    @Test
    void wrongFieldCountAndBadNumbersNameTheLine() {
        TestFiles.write(dir, "bad.inter", lines("user_id:token\titem_id:token\trating:float", "u\ti\t1", "u\ti2"));
        assertThatThrownBy(() -> RecBoleAtomicLoader.load(dir, "bad")).hasMessageContaining("bad.inter:3: expected 3 fields");
        TestFiles.write(dir, "bad.inter", lines("user_id:token\titem_id:token\trating:float", "u\ti\tfive"));
        assertThatThrownBy(() -> RecBoleAtomicLoader.load(dir, "bad")).hasMessageContaining("bad.inter:2: column 'rating': expected a number, got 'five'");
    }

    @Test
    void floatSeqRowsMustAgreeOnWidth() {
        TestFiles.write(dir, "toy.inter", INTER);
        TestFiles.write(dir, "toy.user", lines("user_id:token\temb:float_seq", "u1\t1 2 3", "u2\t4 5"));
        assertThatThrownBy(() -> RecBoleAtomicLoader.load(dir, "toy")).hasMessageContaining("toy.user:3: column 'emb': expected 3 values (as on line 2), got 2");
    }

    @Test
    void duplicateSideRowIsAnError() {
        TestFiles.write(dir, "toy.inter", INTER);
        TestFiles.write(dir, "toy.item", lines("item_id:token\tcat:token", "i1\tx", "i1\ty"));
        assertThatThrownBy(() -> RecBoleAtomicLoader.load(dir, "toy")).hasMessageContaining("toy.item:3: column 'item_id': duplicate id 'i1' (first at line 2)");
    }
}
