package io.conclave.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The route a forwarded request's HTTP metrics are kept under on the forwarding node: the owner's kind without its
 * id, whatever follows as one wildcard, so that the metrics hold one series a kind and method, not one an owner (the
 * node serving the owner meters the full route). Each path is one the forwarding route forwards.
 */
class ForwardedRouteTest {

    @ParameterizedTest
    @CsvSource({
            "/api/projects/p1, /api/projects/{project_id}",
            "/api/projects/p1/, /api/projects/{project_id}",
            "/api/projects/p17/tasks/t3/start, /api/projects/{project_id}/**",
            "/api/meetings/m-9/votes, /api/meetings/{meeting_id}/**",
            "/api/conversations/c1/messages, /api/conversations/{conversation_id}/**",
            "/api/admin/projects/p2/repair, /api/admin/projects/{project_id}/**",
            // an owner whose id reads 'admin' is still a project, not the admin routes
            "/api/projects/admin/tasks, /api/projects/{project_id}/**",
            "/api/projects/p1/consensus/m2, /api/projects/{project_id}/consensus/{consensus_id}",
            // the consensus list, with no id, is the project's own, as ownerIn routes it
            "/api/projects/p1/consensus, /api/projects/{project_id}/**"})
    void aForwardedRequestIsMeteredUnderItsOwnersKindNotItsId(String path, String route) {
        String method = path.contains("consensus") ? "GET" : "POST";
        String[] owner = ClusterForwarding.ownerIn(method, path);
        assertEquals(2, owner.length, "forwarded: " + path);
        assertEquals(route, ClusterForwarding.forwardedRoute(method, path));
    }
}
