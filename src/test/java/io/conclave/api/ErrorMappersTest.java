package io.conclave.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.conclave.model.CommandException;

/** The mappers on their own: what the REST tests cannot provoke on purpose. */
public class ErrorMappersTest {

    /** An Error escaping a resource (not a RuntimeException) is answered in the error shape too. */
    @Test
    void anErrorIsAnsweredInTheErrorShape() {
        for (Throwable t : new Throwable[] {new StackOverflowError(), new OutOfMemoryError("Java heap space"),
                new IllegalArgumentException("UTF8 string too large")}) {
            Response r = new ErrorMappers().unexpected(t);
            assertEquals(500, r.getStatus());
            assertEquals(MediaType.APPLICATION_JSON_TYPE, r.getMediaType());
            ApiError body = (ApiError) r.getEntity();
            assertEquals("internal_error", body.error());
            assertTrue(body.message().contains(t.getClass().getSimpleName()), body.message());
        }
    }

    @Test
    void aBusyRefusalCarriesRetryAfter() {
        Response r = new ErrorMappers().engine(new CommandException(CommandException.Kind.BUSY, "compiler_busy", "busy").retryAfter(3));
        assertEquals(429, r.getStatus());
        assertEquals("3", r.getHeaderString("Retry-After"));
        assertEquals("compiler_busy", ((ApiError) r.getEntity()).error());
    }
}
