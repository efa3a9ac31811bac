package io.conclave.bench;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The REST benchmark's calls, made one of two ways. {@link Kind#JDK}: the JDK's {@link HttpClient} (HTTP/1.1,
 * keep-alive, its completions on its selector thread), which cost the load generator 189-197 us of CPU a decision
 * (2026-12-01). {@link Kind#SOCKET}: one blocking socket per calling thread, the request written as bytes and the
 * answer read by its length or its chunks, 25-30 us a decision with the system calls. On two shared cores the load
 * generator's work runs between the server's and slows it too (a plain GET cost the server 45 us with the JDK's
 * client, 25 with the socket), so the lighter client is the default and the JDK's stays to compare
 * (docs/benchmarks.md says what each measured).
 *
 * <p>A socket connection is the calling thread's own; a request goes again on a new connection only when the server
 * had closed the old one before answering a byte of it (an idle keep-alive), never after. Not a general client:
 * HTTP/1.1 to one host, answers with a length, chunks, or closed at their end.
 */
final class BenchHttp implements AutoCloseable {

    enum Kind {
        SOCKET, JDK;

        static Kind parse(String name) {
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("'" + name + "' is not a client (socket or jdk)");
        }
    }

    /** One call: a JSON body or none, a bearer token or none. */
    record Call(String method, String path, String token, String json) {
        static Call get(String path, String token) {
            return new Call("GET", path, token, null);
        }
    }

    record Answer(int status, String body) {
    }

    private final Kind kind;
    private final URI base;
    private final HttpClient jdk;
    private final List<Connection> open = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Connection> mine = new ThreadLocal<>();

    BenchHttp(Kind kind, URI base, HttpClient jdk) {
        this.kind = kind;
        this.base = base;
        this.jdk = jdk;
    }

    Kind kind() {
        return kind;
    }

    Answer call(Call c) throws IOException, InterruptedException {
        if (kind == Kind.JDK) {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(c.path()));
            if (c.token() != null) {
                b.header("Authorization", "Bearer " + c.token());
            }
            if (c.json() != null) {
                b.header("Content-Type", "application/json");
            }
            HttpRequest.BodyPublisher body = c.json() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(c.json());
            HttpResponse<String> r = jdk.send(b.method(c.method(), body).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        }
        byte[] request = encode(c);
        Connection conn = mine.get();
        if (conn != null) {
            Answer a = conn.exchange(request, true);
            if (a != null) {
                return a;
            }
            conn.close(); // closed by the server while idle: the request was not read, so it goes again
        }
        conn = new Connection(new InetSocketAddress(base.getHost(), base.getPort()));
        open.add(conn);
        mine.set(conn);
        return conn.exchange(request, false);
    }

    private byte[] encode(Call c) {
        byte[] body = c.json() == null ? new byte[0] : c.json().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(160 + c.path().length()).append(c.method()).append(' ').append(c.path())
                .append(" HTTP/1.1\r\nHost: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        if (c.token() != null) {
            head.append("Authorization: Bearer ").append(c.token()).append("\r\n");
        }
        if (c.json() != null) {
            head.append("Content-Type: application/json\r\n");
        }
        if (c.json() != null || !c.method().equals("GET")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    @Override
    public void close() {
        open.forEach(Connection::close);
        open.clear();
    }

    /** One keep-alive connection, read through a buffer of its own. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] buf = new byte[16 * 1024];
        private int pos;
        private int limit;
        private boolean closed;

        Connection(InetSocketAddress to) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(to, 10_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        /** The answer, or null when {@code reused} and the server had closed the connection before answering. */
        Answer exchange(byte[] request, boolean reused) throws IOException {
            if (closed) {
                return null;
            }
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                if (reused) {
                    return null;
                }
                throw e;
            }
            boolean answered;
            try {
                answered = fill();
            } catch (IOException e) { // reset: the server had closed it
                if (reused) {
                    return null;
                }
                throw e;
            }
            if (!answered) {
                if (reused) {
                    return null;
                }
                throw new EOFException("the server closed the connection without answering");
            }
            String status = line();
            if (!status.startsWith("HTTP/1.") || status.length() < 12) {
                throw new IOException("not an HTTP answer: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = status.startsWith("HTTP/1.0");
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                String name = colon < 0 ? h : h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = colon < 0 ? "" : h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> close = value.contains("close") || (close && !value.contains("keep-alive"));
                    default -> { }
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(length > 0 ? (int) length : 256);
            if (chunked) {
                for (long size = chunkSize(); size > 0; size = chunkSize()) {
                    copy(size, body);
                    line(); // the CRLF after the chunk
                }
                while (!line().isEmpty()) {
                    // trailers: none expected, read past
                }
            } else if (length >= 0) {
                copy(length, body);
            } else if (code != 204 && code != 304) {
                while (fill()) { // no length: the body ends with the connection
                    body.write(buf, pos, limit - pos);
                    pos = limit;
                }
                close = true;
            }
            if (close) {
                close();
            }
            return new Answer(code, body.toString(StandardCharsets.UTF_8));
        }

        private long chunkSize() throws IOException {
            String l = line();
            int semicolon = l.indexOf(';');
            return Long.parseLong((semicolon < 0 ? l : l.substring(0, semicolon)).trim(), 16);
        }

        private void copy(long n, ByteArrayOutputStream to) throws IOException {
            while (n > 0) {
                if (pos == limit && !fill()) {
                    throw new EOFException("the answer ended " + n + " bytes early");
                }
                int take = (int) Math.min(n, limit - pos);
                to.write(buf, pos, take);
                pos += take;
                n -= take;
            }
        }

        /** A header line without its CRLF (ASCII). */
        private String line() throws IOException {
            StringBuilder s = new StringBuilder(64);
            while (true) {
                if (pos == limit && !fill()) {
                    throw new EOFException("the answer ended within a line");
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    int n = s.length();
                    return n > 0 && s.charAt(n - 1) == '\r' ? s.substring(0, n - 1) : s.toString();
                }
                s.append((char) (b & 0xff));
            }
        }

        /** Reads more when the buffer is used up; false at the end of the stream. */
        private boolean fill() throws IOException {
            if (pos < limit) {
                return true;
            }
            int n = in.read(buf);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        void close() {
            closed = true;
            try {
                socket.close();
            } catch (IOException e) {
                // closing: nothing to do
            }
        }
    }

    static HttpClient jdkClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }
}
