package io.conclave.model.wording;

import java.util.function.Supplier;

/**
 * Words made when first read: the values they need are captured when the policy decides, the text is
 * built from them on the first {@link #toString}, the same text it would have been then. The ranking
 * keeps ten rejected agents for every task it serves and most ledgers are never read; wording them all
 * at once was 8.5% of the samples of a 10,000-task assignment.
 */
public final class LaterWords implements CharSequence {
    private final Supplier<String> words;
    private volatile String text;

    /** {@code words} must read only values captured by the caller, never live facts. */
    public LaterWords(Supplier<String> words) {
        this.words = words;
    }

    @Override
    public String toString() {
        String s = text;
        if (s == null) {
            s = words.get(); // two readers at once word it twice, to the same text
            text = s;
        }
        return s;
    }

    @Override
    public int length() {
        return toString().length();
    }

    @Override
    public char charAt(int index) {
        return toString().charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().subSequence(start, end);
    }
}
