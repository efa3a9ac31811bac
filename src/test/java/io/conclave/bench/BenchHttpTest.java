package io.conclave.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/**
 * The REST benchmark's socket client against a server scripted byte by byte: what it sends, the two ways an answer's
 * body is framed, a connection kept for the next call, and one the server closed while idle.
 */
class BenchHttpTest {

    @Test
    void aCallSendsItsMethodPathTokenAndBodyAndReadsAnAnswerOfAGivenLength() throws Exception {
        try (Scripted server = new Scripted(false, r -> echoed("201 Created", r));
             BenchHttp http = new BenchHttp(BenchHttp.Kind.SOCKET, server.uri(), null)) {
            BenchHttp.Answer a = http.call(new BenchHttp.Call("POST", "/api/x?y=1", "t0k", "{\"é\":1}"));
            assertEquals(201, a.status());
            // the server echoes the request line, the token and the body: the length counts bytes (é is two in UTF-8)
            assertEquals("POST /api/x?y=1 HTTP/1.1|Bearer t0k|application/json|8|{\"é\":1}", a.body());
        }
    }

    @Test
    void aChunkedAnswerIsReadWholeAndTheConnectionServesTheNextCall() throws Exception {
        try (Scripted server = new Scripted(false, r -> ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\nabcd\r\n3;ext=1\r\nefg\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
             BenchHttp http = new BenchHttp(BenchHttp.Kind.SOCKET, server.uri(), null)) {
            assertEquals("abcdefg", http.call(BenchHttp.Call.get("/a", null)).body());
            assertEquals("abcdefg", http.call(BenchHttp.Call.get("/b", null)).body());
            assertEquals(1, server.connections.get(), "the second call went on the first call's connection");
        }
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsOpenedAgainAndTheCallAnswered() throws Exception {
        // the server answers one request a connection and closes it without saying so, as an idle timeout does
        try (Scripted server = new Scripted(true, r -> echoed("200 OK", r));
             BenchHttp http = new BenchHttp(BenchHttp.Kind.SOCKET, server.uri(), null)) {
            assertEquals(200, http.call(BenchHttp.Call.get("/one", null)).status());
            Thread.sleep(50); // the close reaches this side
            BenchHttp.Answer second = http.call(BenchHttp.Call.get("/two", "k"));
            assertEquals("GET /two HTTP/1.1|Bearer k|-|-|", second.body());
            assertEquals(2, server.connections.get());
            assertEquals(List.of("/one", "/two"), server.paths, "each request reached the server once");
        }
    }

    @Test
    void theJdkClientGivesTheSameAnswer() throws Exception {
        try (Scripted server = new Scripted(false, r -> echoed("201 Created", r));
             BenchHttp http = new BenchHttp(BenchHttp.Kind.JDK, server.uri(), BenchHttp.jdkClient())) {
            BenchHttp.Answer a = http.call(new BenchHttp.Call("POST", "/api/x", "t0k", "{}"));
            assertEquals(201, a.status());
            assertEquals("POST /api/x HTTP/1.1|Bearer t0k|application/json|2|{}", a.body());
        }
    }

    /** An answer of {@code status} whose body, of a given length, echoes the request ({@link #echo}). */
    private static byte[] echoed(String status, Request r) {
        byte[] body = echo(r).getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 " + status + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static String echo(Request r) {
        return r.line + "|" + r.header("authorization") + "|" + r.header("content-type") + "|"
                + r.header("content-length") + "|" + r.body;
    }

    record Request(String line, List<String> headers, String body) {
        String header(String name) {
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                    .map(h -> h.substring(h.indexOf(':') + 1).trim()).findFirst().orElse("-");
        }

        String path() {
            return line.split(" ")[1];
        }
    }

    /** A server on loopback that reads each request whole and writes the script's bytes for it. */
    private static final class Scripted implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        final List<String> paths = new CopyOnWriteArrayList<>();
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread thread;

        Scripted(boolean closeAfterEach, Function<Request, byte[]> script) throws IOException {
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        connections.incrementAndGet();
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        for (Request r = read(in); r != null; r = closeAfterEach ? null : read(in)) {
                            paths.add(r.path());
                            out.write(script.apply(r));
                            out.flush();
                        }
                    } catch (IOException e) {
                        // closed: the test is over
                    }
                }
            }, "scripted-http");
            thread.setDaemon(true);
            thread.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        private static Request read(InputStream in) throws IOException {
            String line = line(in);
            if (line == null) {
                return null;
            }
            List<String> headers = new java.util.ArrayList<>();
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                headers.add(h);
            }
            Request head = new Request(line, headers, "");
            String length = head.header("content-length");
            byte[] body = length.equals("-") ? new byte[0] : in.readNBytes(Integer.parseInt(length));
            return new Request(line, headers, new String(body, StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
