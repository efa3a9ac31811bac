package io.conclave.trivial;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The trivial app's one resource: a JSON answer, so that Jackson is on the path as it is in Conclave. */
@Path("/hello")
public class Hello {
    @GET
    @Path("/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> hello(@PathParam("name") String name) {
        return Map.of("hello", name);
    }
}
