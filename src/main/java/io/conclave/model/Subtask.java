package io.conclave.model;

/**
 * "{@code child} is subtask number {@code position} (from 0) of {@code parent}": one fact per edge of a
 * decomposition, so the rules that finish a parent join on it instead of scanning lists.
 */
public final class Subtask implements Fact {
    private final String parent;
    private final String child;
    private final int position;

    public Subtask(String parent, String child, int position) {
        this.parent = parent;
        this.child = child;
        this.position = position;
    }

    public String getParent() { return parent; }
    public String getChild() { return child; }
    public int getPosition() { return position; }

    @Override
    public String factKey() { return parent + "\u0000" + String.format("%06d", position); }

    @Override
    public String describe() { return "subtask " + parent + " -> #" + (position + 1) + " " + child; }
}
