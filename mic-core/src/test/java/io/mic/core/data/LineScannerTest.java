package io.mic.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineScannerTest {
    @TempDir
    Path dir;

    private List<String> readAll(Path file) {
        List<String> out = new ArrayList<>();
        try (LineScanner in = LineScanner.open(file, StandardCharsets.UTF_8)) {
            while (in.next()) {
                out.add(in.lineNumber() + ":" + in.line());
            }
        }
        return out;
    }

    @Test
    void handlesCrLfBomBlankLinesAndMissingFinalNewline() {
        Path f = TestFiles.write(dir, "a.txt", "\uFEFFfirst\r\n\r\nthird\n\nfifth");
        assertThat(readAll(f)).containsExactly("1:first", "3:third", "5:fifth");
    }

    @Test
    void linesLongerThanTheBufferAndAcrossRefillsSurviveIntact() {
        // the scanner's buffer is 256 KiB: a 600 KB line forces growth, many short lines force refills mid-line
        StringBuilder b = new StringBuilder();
        b.append("x".repeat(600_000)).append('\n');
        for (int i = 0; i < 50_000; i++) {
            b.append(i).append("::").append(i * 7).append('\n');
        }
        Path f = TestFiles.write(dir, "big.txt", b.toString());
        Path gz = TestFiles.writeGz(dir, "big.txt", b.toString(), StandardCharsets.UTF_8);
        for (Path p : new Path[] {f, gz}) {
            try (LineScanner in = LineScanner.open(p, StandardCharsets.UTF_8)) {
                assertThat(in.next()).isTrue();
                assertThat(in.line()).hasSize(600_000);
                for (int i = 0; i < 50_000; i++) {
                    assertThat(in.next()).isTrue();
                    assertThat(in.split(LineScanner.separator("::"))).isEqualTo(2);
                    assertThat(in.parseInt(0, "a")).isEqualTo(i);
                    assertThat(in.parseLong(1, "b")).isEqualTo(i * 7L);
                }
                assertThat(in.next()).isFalse();
            }
        }
    }

    @Test
    void splitsOnMultiByteSeparatorsAndKeepsEmptyFields() {
        Path f = TestFiles.write(dir, "s.txt", "a::b:c::::d\n");
        try (LineScanner in = LineScanner.open(f, StandardCharsets.UTF_8)) {
            in.next();
            assertThat(in.split(LineScanner.separator("::"))).isEqualTo(4);
            assertThat(List.of(in.string(0), in.string(1), in.string(2), in.string(3))).containsExactly("a", "b:c", "", "d");
        }
    }

    @Test
    void parsesNumbersLikeTheJdk() {
        Path f = TestFiles.write(dir, "n.txt", "3.5\t-0.25\t4\t1e3\t0.1\t123456.789\n");
        try (LineScanner in = LineScanner.open(f, StandardCharsets.UTF_8)) {
            in.next();
            in.split((byte) '\t');
            String[] texts = {"3.5", "-0.25", "4", "1e3", "0.1", "123456.789"};
            for (int i = 0; i < texts.length; i++) {
                assertThat(in.parseDouble(i, "v")).isEqualTo(Double.parseDouble(texts[i]));
                assertThat(in.parseFloat(i, "v")).isEqualTo(Float.parseFloat(texts[i]));
            }
        }
    }

    @Test
    void badNumbersNameFileLineAndColumn() {
        Path f = TestFiles.write(dir, "bad.txt", "1\tx\n2\tNaN\n3\t99999999999\n");
        try (LineScanner in = LineScanner.open(f, StandardCharsets.UTF_8)) {
            in.next();
            in.split((byte) '\t');
            assertThatThrownBy(() -> in.parseFloat(1, "rating")).isInstanceOf(DataFormatException.class)
                    .hasMessage(f + ":1: column 'rating': expected a number, got 'x'");
            in.next();
            in.split((byte) '\t');
            assertThatThrownBy(() -> in.parseDouble(1, "rating")).hasMessageContaining("bad.txt:2:").hasMessageContaining("finite");
            in.next();
            in.split((byte) '\t');
            assertThatThrownBy(() -> in.parseInt(1, "id")).hasMessageContaining("bad.txt:3:").hasMessageContaining("out of range");
            DataFormatException e = in.error("id", "boom");
            assertThat(e.file()).isEqualTo(f);
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.column()).isEqualTo("id");
        }
    }
}
