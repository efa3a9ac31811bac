package io.conclave.api.planted;

import io.conclave.engine.project.ProjectRegistry;

/**
 * A door that breaks the layers on purpose: it reaches past the application into the engine's registry. Never
 * used; LayersTest imports it to show that its rules catch such a door.
 */
public class PlantedDoor {
    public int projects(ProjectRegistry registry) {
        return registry.all().size();
    }
}
