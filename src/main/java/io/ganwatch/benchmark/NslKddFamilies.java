package io.ganwatch.benchmark;

import io.ganwatch.input.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The usual mapping of NSL-KDD attack labels to the four attack families (see
 * {@code ../shared/datasets/README.md}). The augmentation benchmark relabels rows by family so that
 * one-vs-rest U2R or R2L also counts, on KDDTest+, the attack types that never occur in KDDTrain+.
 */
public final class NslKddFamilies {
    /** Family name → attack labels. */
    public static final Map<String, Set<String>> FAMILIES = Map.of(
            "dos", Set.of("back", "land", "neptune", "pod", "smurf", "teardrop", "apache2", "mailbomb", "processtable", "udpstorm"),
            "probe", Set.of("ipsweep", "nmap", "portsweep", "satan", "mscan", "saint"),
            "r2l", Set.of("ftp_write", "guess_passwd", "imap", "multihop", "phf", "spy", "warezclient", "warezmaster", "named",
                    "sendmail", "snmpgetattack", "snmpguess", "xlock", "xsnoop", "worm"),
            "u2r", Set.of("buffer_overflow", "loadmodule", "perl", "rootkit", "httptunnel", "ps", "sqlattack", "xterm"));

    private NslKddFamilies() {
    }

    /** The family of a label: {@code normal}, one of {@link #FAMILIES}' keys, or the label itself when unmapped. */
    public static String familyOf(String label) {
        String l = label.toLowerCase(Locale.ROOT);
        if (l.endsWith(".")) {
            l = l.substring(0, l.length() - 1);
        }
        for (Map.Entry<String, Set<String>> e : FAMILIES.entrySet()) {
            if (e.getValue().contains(l)) {
                return e.getKey();
            }
        }
        return l;
    }

    /** The same rows with the label column replaced by the label's family. */
    public static Table relabel(Table table, String labelColumn) {
        int c = table.columnIndex(labelColumn);
        List<Table.Row> rows = new ArrayList<>(table.size());
        for (Table.Row r : table.rows()) {
            Object[] v = r.values().clone();
            v[c] = v[c] == null ? null : familyOf(v[c].toString());
            rows.add(new Table.Row(r.line(), v));
        }
        return table.withRows(rows);
    }
}
