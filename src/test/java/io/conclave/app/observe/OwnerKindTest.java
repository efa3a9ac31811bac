package io.conclave.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The owner kind a journal force is metered under, read from the journal's folder: the name of the folder that holds
 * the owner's, as the data folder lays them out ({@code <data>/projects/<id>}), whatever comes before it.
 */
class OwnerKindTest {

    @Test
    void theKindIsTheNameOfTheFolderAboveTheOwners() {
        assertEquals("project", ConclaveMetrics.ownerKind(Path.of("/var/data/projects/p1")));
        assertEquals("meeting", ConclaveMetrics.ownerKind(Path.of("data/meetings/standup")));
        assertEquals("conversation", ConclaveMetrics.ownerKind(Path.of("conversations/c-1")));
        assertEquals("project", ConclaveMetrics.ownerKind(Path.of("/projects/p1")), "the kind's folder at the root");
        assertEquals("project", ConclaveMetrics.ownerKind(Path.of("/a/meetings/projects/p1")), "only the nearest counts");
    }

    @Test
    void anythingElseIsOther() {
        assertEquals("other", ConclaveMetrics.ownerKind(Path.of("/data/projectsx/p1")), "a longer name");
        assertEquals("other", ConclaveMetrics.ownerKind(Path.of("/data/myprojects/p1")), "a name that ends the same");
        assertEquals("other", ConclaveMetrics.ownerKind(Path.of("/data/project/p1")), "a shorter name");
        assertEquals("other", ConclaveMetrics.ownerKind(Path.of("/data/projects")), "the kind's folder itself");
        assertEquals("other", ConclaveMetrics.ownerKind(Path.of("p1")), "no folder above");
        assertEquals("other", ConclaveMetrics.ownerKind(Path.of("/p1")), "the root above");
    }
}
