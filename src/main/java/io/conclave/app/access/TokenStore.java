package io.conclave.app.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.type.TypeReference;

import io.conclave.journal.AtomicFiles;
import io.conclave.model.Json;
import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * The API keys of a service, in {@code <data>/tokens.json}: each token's id, who it is (its role, the
 * agent it acts as, the projects it is limited to), who issued it and when, whether it was revoked, and
 * its secret only as a hash. A token is {@code cv_<id>_<secret>}; the id finds the record, the hash checks
 * the secret.
 *
 * <p>The hash is SHA-256 ({@code sha256:<hex>}), compared in constant time. A slow hash (bcrypt, PBKDF2)
 * protects guessable secrets, passwords, from whoever reads the file; a secret this store issues is 256
 * random bits, which no number of guesses finds, so a slow hash would only cost every start (the first
 * admin token) and every first check. A secret a deployment chooses itself ({@link #adopt}) must be as
 * random (see the operations manual). Hashes written by earlier versions ({@code $2a$...}, bcrypt) are still
 * checked with bcrypt. A token checked once is remembered by the SHA-256 of the whole token in memory, so a
 * request does not repeat the check; a revocation forgets it at once.
 */
public final class TokenStore {
    /** The roles a token may have. */
    public static final List<String> ROLES = List.of(Caller.ADMIN, Caller.OPERATOR, Caller.AGENT);
    private static final String PREFIX = "cv_";
    /**
     * Per store, not static: a native image initialises classes at build time, and a static generator would carry
     * the build's seed into every executable (the native analysis refuses it).
     */
    private final SecureRandom random = new SecureRandom();
    /** How a hash written by this store starts; the rest is the SHA-256 of the secret in hex. */
    static final String SHA256 = "sha256:";

    /** One token as stored (never its secret). */
    public record Token(String tokenId, String name, String role, String agentId, List<String> projects,
                        String hash, Instant issuedAt, String issuedBy, Instant revokedAt, String revokedBy) {
        public boolean revoked() {
            return revokedAt != null;
        }

        /** Who presents this token. */
        public Caller caller() {
            return new Caller(name, role, agentId, projects == null ? List.of() : projects, tokenId);
        }
    }

    /** A token just issued: its record, and the token itself, shown this once. */
    public record Issued(Token record, String token) {
    }

    private final Path file;
    private final Clock clock;
    private final Map<String, Token> tokens = new LinkedHashMap<>();
    /** SHA-256 of a token checked before -> its id; forgotten when the token is revoked. */
    private final Map<String, String> checked = new ConcurrentHashMap<>();
    /** Told of every token issued, adopted or revoked here (a cluster shares them); nothing by default. */
    private volatile java.util.function.Consumer<Token> saved = t -> { };

    public TokenStore(Path dataDir, Clock clock) throws IOException {
        this.file = dataDir.resolve("tokens.json");
        this.clock = clock;
        if (Files.exists(file)) {
            List<Token> read = Json.MAPPER.readValue(file.toFile(), new TypeReference<List<Token>>() { });
            read.forEach(t -> tokens.put(t.tokenId(), t));
        }
    }

    /** True when no token was ever issued (a first start). */
    public synchronized boolean isEmpty() {
        return tokens.isEmpty();
    }

    /** Issues a token; the token itself is in the answer only. */
    public synchronized Issued issue(String name, String role, String agentId, List<String> projects, String issuedBy)
            throws IOException {
        String id = HexFormat.of().formatHex(bytes(6));
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        Token t = new Token(id, name, role, agentId, projects == null ? List.of() : List.copyOf(projects),
                hash(secret), clock.instant(), issuedBy, null, null);
        tokens.put(id, t);
        save();
        saved.accept(t);
        return new Issued(t, PREFIX + id + "_" + secret);
    }

    /**
     * Keeps a token a deployment chose itself ({@code cv_<id>_<secret>}, a secret of 32 characters or more),
     * unless a token with its id is known already. Returns false when it is not a token of that form.
     */
    public synchronized boolean adopt(String token, String name, String role, String issuedBy) throws IOException {
        int cut = token == null || !token.startsWith(PREFIX) ? -1 : token.indexOf('_', PREFIX.length());
        if (cut < 0 || token.length() - cut - 1 < 32 || !ID.matcher(token.substring(PREFIX.length(), cut)).matches()) {
            return false;
        }
        String id = token.substring(PREFIX.length(), cut);
        if (!tokens.containsKey(id)) {
            tokens.put(id, new Token(id, name, role, null, List.of(), hash(token.substring(cut + 1)),
                    clock.instant(), issuedBy, null, null));
            save();
        }
        saved.accept(tokens.get(id));
        return true;
    }

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9]{1,32}");

    /** Every token ever issued, revoked ones too, in issuing order. */
    public synchronized List<Token> all() {
        return new ArrayList<>(tokens.values());
    }

    public synchronized Optional<Token> get(String tokenId) {
        return Optional.ofNullable(tokens.get(tokenId));
    }

    /** Revokes a token at once: it is refused from the next request on. Returns the revoked record. */
    public synchronized Optional<Token> revoke(String tokenId, String revokedBy) throws IOException {
        Token t = tokens.get(tokenId);
        if (t == null) {
            return Optional.empty();
        }
        if (t.revoked()) {
            saved.accept(t); // shared again: a cluster may not have taken the first revocation
            return Optional.of(t);
        }
        Token r = new Token(t.tokenId(), t.name(), t.role(), t.agentId(), t.projects(), t.hash(), t.issuedAt(),
                t.issuedBy(), clock.instant(), revokedBy);
        tokens.put(tokenId, r);
        checked.values().removeIf(tokenId::equals);
        save();
        saved.accept(r);
        return Optional.of(r);
    }

    /** Tells {@code listener} of every token issued, adopted or revoked here from now on. */
    public void onSaved(java.util.function.Consumer<Token> listener) {
        this.saved = listener;
    }

    /**
     * Takes a token another node issued, adopted or revoked: kept as it is, except that a revocation is never
     * undone. True when it changed this store (a revoked token is refused from then on).
     */
    public synchronized boolean merge(Token t) throws IOException {
        Token known = tokens.get(t.tokenId());
        if (t.equals(known) || known != null && known.revoked() && !t.revoked()) {
            return false;
        }
        tokens.put(t.tokenId(), t);
        if (t.revoked()) {
            checked.values().removeIf(t.tokenId()::equals);
        }
        save();
        return true;
    }

    /**
     * The live token a presented string is when it was checked before (a digest and a lookup), else null:
     * null says nothing about the string, {@link #check} decides then.
     */
    public Token checkedBefore(String presented) {
        if (presented == null || !presented.startsWith(PREFIX)) {
            return null;
        }
        String known = checked.get(sha256(presented));
        return known == null ? null : current(known);
    }

    /** The live token a presented string is, if any. */
    public Optional<Token> check(String presented) {
        if (presented == null || !presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String digest = sha256(presented);
        String known = checked.get(digest);
        if (known != null) {
            Token t = current(known);
            return t == null ? Optional.empty() : Optional.of(t);
        }
        int cut = presented.indexOf('_', PREFIX.length());
        if (cut < 0) {
            return Optional.empty();
        }
        Token t = current(presented.substring(PREFIX.length(), cut));
        if (t == null || !matches(presented.substring(cut + 1), t.hash())) {
            return Optional.empty();
        }
        checked.put(digest, t.tokenId());
        return Optional.of(t);
    }

    private synchronized Token current(String tokenId) {
        Token t = tokens.get(tokenId);
        return t == null || t.revoked() ? null : t;
    }

    /** Writes the store whole (atomically), readable by the service's user only. */
    private void save() throws IOException {
        AtomicFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tokens.values()));
        ownerOnly(file);
    }

    /** Writes a token to a file only its owner may read (the first admin token). */
    public static void writeSecret(Path target, String token) throws IOException {
        AtomicFiles.write(target, token + "\n");
        ownerOnly(target);
    }

    private static void ownerOnly(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions apply
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** The hash a secret is stored as. */
    static String hash(String secret) {
        return SHA256 + sha256(secret);
    }

    /** Whether a secret is the one a stored hash was made of: SHA-256 in constant time, or bcrypt for an old hash. */
    static boolean matches(String secret, String hash) {
        if (hash.startsWith(SHA256)) {
            return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                    hash.getBytes(StandardCharsets.US_ASCII));
        }
        return hash.startsWith("$2") && BcryptUtil.matches(secret, hash);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
