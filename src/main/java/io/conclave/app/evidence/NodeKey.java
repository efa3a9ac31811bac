package io.conclave.app.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;


/**
 * A node's signing key: an Ed25519 key pair (the JDK's own implementation), made on the node's first start and kept
 * in its data folder as {@code node-key.pem} (the private key, PKCS #8, readable by the service's user only) and
 * {@code node-key.pub} (the public key, X.509 SubjectPublicKeyInfo), both PEM. An evidence export is signed with it;
 * anyone holding the public key (or its fingerprint) checks the signature offline. Every node of a cluster has its
 * own key in its own data folder: a signature names the node that made the export.
 */
public final class NodeKey {
    /** The private key's file in the data folder. */
    public static final String PRIVATE_FILE = "node-key.pem";
    /** The public key's file in the data folder: what a verifier is given. */
    public static final String PUBLIC_FILE = "node-key.pub";
    /** The signature algorithm (RFC 8032), as the JDK names it. */
    public static final String ALGORITHM = "Ed25519";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private NodeKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * The key of the data folder {@code dataDir}: read from its two files, or made and written there when neither
     * exists (a first start). A folder holding one file without the other, or two that are not a pair, is refused:
     * a node never replaces a key silently.
     */
    public static NodeKey loadOrCreate(Path dataDir) throws IOException {
        Path privateFile = dataDir.resolve(PRIVATE_FILE);
        Path publicFile = dataDir.resolve(PUBLIC_FILE);
        boolean hasPrivate = Files.exists(privateFile);
        boolean hasPublic = Files.exists(publicFile);
        if (!hasPrivate && !hasPublic) {
            NodeKey made = generate();
            Files.createDirectories(dataDir);
            writeNew(privateFile, Pem.encode("PRIVATE KEY", made.privateKey.getEncoded()), true);
            writeNew(publicFile, Pem.encode("PUBLIC KEY", made.publicKey.getEncoded()), false);
            return made;
        }
        if (hasPrivate != hasPublic) {
            throw new IOException("the node's key is half there: " + (hasPrivate ? publicFile : privateFile)
                    + " is missing beside " + (hasPrivate ? privateFile : publicFile)
                    + "; restore it, or move both away to make a new key");
        }
        try {
            KeyFactory keys = KeyFactory.getInstance(ALGORITHM);
            PrivateKey priv = keys.generatePrivate(new PKCS8EncodedKeySpec(
                    Pem.decode("PRIVATE KEY", Files.readString(privateFile))));
            PublicKey pub = publicKey(Files.readString(publicFile));
            NodeKey key = new NodeKey(priv, pub);
            byte[] probe = "conclave node key".getBytes(StandardCharsets.UTF_8);
            if (!verify(pub, probe, key.sign(probe))) {
                throw new IOException(privateFile + " and " + publicFile + " are not one key pair");
            }
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("the node's key in " + dataDir + " does not read: " + e.getMessage(), e);
        }
    }

    /** A new key pair that lives in memory only (tests, and tools that sign nothing they keep). */
    public static NodeKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            return new NodeKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + ALGORITHM, e);
        }
    }

    /** Signs {@code data}; the signature is 64 bytes. */
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with the node's key failed", e);
        }
    }

    /** The public key as X.509 SubjectPublicKeyInfo bytes. */
    public byte[] publicKeyBytes() {
        return publicKey.getEncoded();
    }

    /** The public key as the PEM text of {@link #PUBLIC_FILE}. */
    public String publicKeyPem() {
        return Pem.encode("PUBLIC KEY", publicKey.getEncoded());
    }

    /** {@code sha256:} and the SHA-256 of the public key's bytes in hex: how people compare keys. */
    public String fingerprint() {
        return fingerprint(publicKey.getEncoded());
    }

    /** The fingerprint of a public key given as X.509 SubjectPublicKeyInfo bytes. */
    public static String fingerprint(byte[] publicKey) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An Ed25519 public key from its PEM text. */
    public static PublicKey publicKey(String pem) throws GeneralSecurityException {
        return publicKey(Pem.decode("PUBLIC KEY", pem));
    }

    /** An Ed25519 public key from its X.509 SubjectPublicKeyInfo bytes. */
    public static PublicKey publicKey(byte[] spki) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
    }

    /** Whether {@code signature} is {@code key}'s signature of {@code data}. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Writes a new file whole or not at all, never over an existing one; a secret one is readable by the service's
     * user only from its creation on (not made so after its bytes are on disk).
     */
    private static void writeNew(Path target, String text, boolean secret) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    secret ? "rw-------" : "rw-r--r--")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system: the folder's own permissions apply
        }
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            Files.createLink(target, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** PEM armour (RFC 7468): base64 lines of 64 characters between BEGIN and END lines of a label. */
    static final class Pem {
        private Pem() {
        }

        static String encode(String label, byte[] der) {
            return "-----BEGIN " + label + "-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END " + label + "-----\n";
        }

        static byte[] decode(String label, String text) {
            String begin = "-----BEGIN " + label + "-----";
            String end = "-----END " + label + "-----";
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("not a PEM " + label.toLowerCase(java.util.Locale.ROOT));
            }
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        }
    }
}
