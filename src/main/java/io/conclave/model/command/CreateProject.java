package io.conclave.model.command;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.conclave.model.ProjectSpec;

/** A project is created from its definition; journaled as the definition itself. */
public record CreateProject(@JsonValue ProjectSpec spec) implements ProjectCommand {
    public static final String TYPE = "create";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CreateProject of(ProjectSpec spec) {
        return new CreateProject(spec);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
