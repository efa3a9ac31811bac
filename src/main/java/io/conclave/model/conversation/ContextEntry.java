package io.conclave.model.conversation;

import org.kie.api.definition.type.ClassReactive;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Fact;

/** One key of a conversation's shared context: its value, its version (1 when created) and who wrote it last. */
@ClassReactive
public class ContextEntry implements Fact {
    private final String key;
    private JsonNode value;
    private long version;
    private String updatedBy;
    private long updatedAt;

    public ContextEntry(String key, JsonNode value, String updatedBy, long updatedAt) {
        this.key = key;
        this.value = value;
        this.version = 1;
        this.updatedBy = updatedBy;
        this.updatedAt = updatedAt;
    }

    public String getKey() { return key; }
    public JsonNode getValue() { return value; }
    public long getVersion() { return version; }
    public String getUpdatedBy() { return updatedBy; }
    /** Epoch millis of the last write. */
    public long getUpdatedAt() { return updatedAt; }

    /** A new value: the version goes up by one. */
    public void write(JsonNode newValue, String by, long at) {
        value = newValue;
        version++;
        updatedBy = by;
        updatedAt = at;
    }

    @Override
    public String factKey() {
        return key;
    }

    @Override
    public String describe() {
        return "context " + key + " [version " + version + ", by " + updatedBy + "]";
    }
}
