package io.conclave.engine.project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Decision;
import io.conclave.model.Json;
import io.conclave.engine.owner.FactState;

/**
 * A project's ledger restored from a snapshot: the decisions of the snapshot stay as their text (one JSON line
 * each) until one is read, and new decisions are appended after them. A restart then costs a scan of the text
 * for line ends, not the reading of every decision the project ever made; a snapshot taken later writes the
 * untouched lines back as they were.
 */
public final class LazyLedger extends AbstractList<Decision> implements RandomAccess {
    private final String text;
    private final int[] starts;
    private final Decision[] read;
    private final List<Decision> appended = new ArrayList<>();

    /** {@code text}: the decisions, one JSON object per line. */
    LazyLedger(String text) {
        this.text = text;
        int n = text.isEmpty() ? 0 : 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        starts = new int[n + 1];
        int k = 0;
        if (n > 0) {
            starts[k++] = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts[k++] = i + 1;
                }
            }
        }
        starts[n] = text.length() + 1;
        read = new Decision[n];
    }

    /** The ledger's text as {@link #LazyLedger} takes it. */
    static String text(List<Decision> ledger) {
        if (ledger instanceof LazyLedger lazy) {
            StringBuilder b = new StringBuilder(lazy.text);
            for (Decision d : lazy.appended) {
                b.append(b.isEmpty() ? "" : "\n").append(FactState.value(d).toString());
            }
            return b.toString();
        }
        StringBuilder b = new StringBuilder();
        for (Decision d : ledger) {
            b.append(b.isEmpty() ? "" : "\n").append(FactState.value(d).toString());
        }
        return b.toString();
    }

    @Override
    public Decision get(int index) {
        if (index < read.length) {
            // readers of a project share its read lock: a decision is parsed by one of them at a time, and the
            // lock of this ledger publishes what it parsed to the others
            synchronized (read) {
                Decision d = read[index];
                if (d == null) {
                    try {
                        JsonNode n = Json.JOURNAL.readTree(text.substring(starts[index], starts[index + 1] - 1));
                        d = FactState.value(n, Decision.class);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    read[index] = d;
                }
                return d;
            }
        }
        return appended.get(index - read.length);
    }

    @Override
    public int size() {
        return read.length + appended.size();
    }

    @Override
    public boolean add(Decision d) {
        return appended.add(d);
    }
}
