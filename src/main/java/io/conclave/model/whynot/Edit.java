package io.conclave.model.whynot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.conclave.model.wording.WhyNotWording;

/** One lever moved to one of its steps: a part of a change. */
@JsonPropertyOrder({"kind", "target", "fact", "from", "to", "magnitude", "words"})
public record Edit(@JsonIgnore Lever lever, @JsonIgnore int step) {
    @JsonProperty("kind")
    public String kind() { return lever.kind(); }

    @JsonProperty("target")
    public String target() { return lever.target(); }

    @JsonProperty("fact")
    public String fact() { return lever.fact(); }

    @JsonProperty("from")
    public Object from() { return lever.from(); }

    @JsonProperty("to")
    public Object to() { return lever.steps().get(step).to(); }

    @JsonProperty("magnitude")
    public double magnitude() { return lever.steps().get(step).magnitude(); }

    /** The edit in words ("security's skill architecture from 6 to 10"). */
    @JsonProperty("words")
    public String words() { return WhyNotWording.edit(this); }
}
