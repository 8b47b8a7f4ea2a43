package io.mic.retrieval.table;

/** The three serving tables the batch job writes, with their file names. */
public enum TableKind {
    /** Per user: M1 similar users with similarity scores. */
    USER_USER("user-user", "user_user.tbl", true),
    /** Per item: M3 similar items with similarity scores. */
    ITEM_ITEM("item-item", "item_item.tbl", true),
    /** Per user: the M most recent distinct items, most recent first. */
    RECENT_ITEMS("recent-items", "recent_items.tbl", false);

    private final String label;
    private final String file;
    private final boolean scored;

    TableKind(String label, String file, boolean scored) {
        this.label = label;
        this.file = file;
        this.scored = scored;
    }

    public String label() {
        return label;
    }

    public String file() {
        return file;
    }

    public boolean scored() {
        return scored;
    }
}
