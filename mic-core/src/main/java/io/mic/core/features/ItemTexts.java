package io.mic.core.features;

import io.mic.core.data.Dataset;
import io.mic.core.data.FieldData;
import java.util.List;

/**
 * The text of each item of a dataset, for text encoders: every TEXT item field in field order
 * (MovieLens {@code title}, UniSRec {@code text}), joined by {@code ". "}, then every
 * multi-categorical item field as {@code "<field>: a, b, c"} (MovieLens {@code genres}), e.g.
 * {@code "Toy Story (1995). genres: Animation, Children's, Comedy"}. Empty parts are skipped; an
 * item with no text at all gets {@code ""}.
 */
public final class ItemTexts {
    private ItemTexts() {
    }

    /** External item ids, row = internal id. */
    public static String[] ids(Dataset d) {
        String[] ids = new String[d.numItems()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = d.items().external(i);
        }
        return ids;
    }

    /** One text per item, row = internal id. */
    public static String[] of(Dataset d) {
        List<FieldData> fields = d.itemFields();
        String[] out = new String[d.numItems()];
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < out.length; i++) {
            b.setLength(0);
            for (FieldData f : fields) {
                if (f instanceof FieldData.Text t) {
                    String s = t.values()[i] == null ? "" : t.values()[i].strip();
                    if (!s.isEmpty()) {
                        b.append(b.length() > 0 ? ". " : "").append(s);
                    }
                }
            }
            for (FieldData f : fields) {
                if (f instanceof FieldData.MultiCategorical m && m.offsets()[i + 1] > m.offsets()[i]) {
                    b.append(b.length() > 0 ? ". " : "").append(m.name()).append(": ");
                    for (int k = m.offsets()[i]; k < m.offsets()[i + 1]; k++) {
                        b.append(k > m.offsets()[i] ? ", " : "").append(m.vocab().external(m.values()[k]));
                    }
                }
            }
            out[i] = b.toString();
        }
        return out;
    }
}
