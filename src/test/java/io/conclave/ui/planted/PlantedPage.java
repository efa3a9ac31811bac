package io.conclave.ui.planted;

import io.conclave.api.project.ProjectCreated;

/**
 * A page that breaks the layers on purpose: it depends on a REST resource's type instead of the application's.
 * Never used; LayersTest imports it to show that its rules catch such a page.
 */
public class PlantedPage {
    public String location(ProjectCreated created) {
        return String.valueOf(created);
    }
}
