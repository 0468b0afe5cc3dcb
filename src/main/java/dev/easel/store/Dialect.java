package dev.easel.store;

/**
 * What differs between the SQL engines the metadata store runs on. Both have the same tables, columns and
 * migration versions; each has its own migration scripts, since the engines' types and functions differ.
 */
enum Dialect {
    /** One process, one writer at a time: the next number of a listing column is the greatest so far plus one. */
    SQLITE("classpath:db/migration") {
        @Override
        String octets(String text) {
            return "length(CAST(" + text + " AS BLOB))";
        }

        @Override
        String nextSeq(String table) {
            return "(SELECT COALESCE(MAX(seq), 0) + 1 FROM " + table + ")";
        }
    },
    /** Many nodes, concurrent writers: the listing columns draw from sequences, which never hand a number twice. */
    POSTGRESQL("classpath:db/postgresql") {
        @Override
        String octets(String text) {
            return "octet_length(" + text + ")";
        }

        @Override
        String nextSeq(String table) {
            return "nextval('" + table + "_seq')";
        }
    };

    private final String migrations;

    Dialect(String migrations) {
        this.migrations = migrations;
    }

    /** Flyway's location of this engine's migration scripts. */
    String migrations() {
        return migrations;
    }

    /** The SQL expression of a text's length in UTF-8 bytes. */
    abstract String octets(String text);

    /** The SQL expression of the next value of {@code table}'s listing-order column {@code seq}. */
    abstract String nextSeq(String table);
}
