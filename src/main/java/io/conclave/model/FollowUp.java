package io.conclave.model;

/** "{@code child} is a follow-up of {@code parent}": the child becomes known when the parent completes. */
public final class FollowUp implements Fact {
    private final String parent;
    private final String child;

    public FollowUp(String parent, String child) {
        this.parent = parent;
        this.child = child;
    }

    public String getParent() { return parent; }
    public String getChild() { return child; }

    @Override
    public String factKey() { return parent + "\u0000" + child; }

    @Override
    public String describe() { return "follow-up " + parent + " -> " + child; }
}
