package io.conclave.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.conclave.journal.RuleFile;

/**
 * Every policy version that was ever active, kept as its rule files under
 * {@code <data>/policies/<version>/}, plus a pointer to the last active one. Replaying a journal
 * compiles the exact version each command ran under; a broken rules folder at start-up falls back to
 * the last version that worked.
 */
public final class PolicyArchive {
    private static final String ACTIVE = "ACTIVE";

    private final Path root;

    public PolicyArchive(Path root) {
        this.root = root;
    }

    /** Stores the files of a version (once), without marking it active (a version another node activated). */
    public synchronized void keep(String version, List<RuleFile> files) throws IOException {
        Path dir = root.resolve(version);
        if (version == null || version.contains("/") || version.contains("..") || Files.isDirectory(dir)) {
            return;
        }
        Path tmp = root.resolve(version + ".tmp");
        Files.createDirectories(tmp);
        for (RuleFile f : files) {
            Path target = tmp.resolve(f.name());
            Files.createDirectories(target.getParent());
            AtomicFiles.write(target, f.content());
        }
        Files.move(tmp, dir, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Stores the files of a version (once) and marks it active. */
    public synchronized void saveActive(String version, List<RuleFile> files) throws IOException {
        Path dir = root.resolve(version);
        if (!Files.isDirectory(dir)) {
            Path tmp = root.resolve(version + ".tmp");
            Files.createDirectories(tmp);
            for (RuleFile f : files) {
                Path target = tmp.resolve(f.name());
                Files.createDirectories(target.getParent());
                AtomicFiles.write(target, f.content()); // forced to disk before the rename
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        }
        AtomicFiles.write(root.resolve(ACTIVE), version);
    }

    public Optional<List<RuleFile>> load(String version) throws IOException {
        Path dir = root.resolve(version);
        if (version == null || version.contains("/") || version.contains("..") || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        return Optional.of(RuleFolder.read(dir));
    }

    public Optional<String> lastActive() throws IOException {
        Path pointer = root.resolve(ACTIVE);
        return Files.exists(pointer) ? Optional.of(Files.readString(pointer).strip()) : Optional.empty();
    }

    /** Versions on disk, for diagnostics. */
    public List<String> versions() throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(out::add);
            }
        }
        return out;
    }
}
