package io.conclave.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.conclave.model.Json;
import io.conclave.model.policy.RuleFile;

/**
 * Every policy version that was ever active or proposed, kept as its rule files under
 * {@code <data>/policies/<version>/}, a pointer to the last active one, and the history of what happened
 * to each version ({@code history.jsonl}: proposed, activated, dropped; by whom, when). Replaying a journal
 * compiles the exact version each command ran under; a broken rules folder at start-up falls back to
 * the last version that worked. An activation in progress is marked ({@code ACTIVATING}) until the rules
 * folder holds the version, so a crash half way is finished at the next start.
 */
public final class PolicyArchive {
    private static final String ACTIVE = "ACTIVE";
    private static final String ACTIVATING = "ACTIVATING";
    private static final String HISTORY = "history.jsonl";

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
        Files.move(written(version, files), dir, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Stores the files of a version (once) and marks it active. */
    public synchronized void saveActive(String version, List<RuleFile> files) throws IOException {
        save(version, files);
        AtomicFiles.write(root.resolve(ACTIVE), version);
    }

    /**
     * Stores the files of a version (once) without activating it: a candidate. A file whose bytes the last active
     * version archived already is a second link to that file (archived files are never rewritten), not a copy: an
     * edit of one file adds one file to the archive, and forces one to disk, where it wrote and forced every file of
     * the policy. Where the file system has no links, every file is written.
     */
    public synchronized void save(String version, List<RuleFile> files) throws IOException {
        Path dir = root.resolve(version);
        if (!Files.isDirectory(dir)) {
            Files.move(written(version, files), dir, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * The files of {@code version} in a folder of their own beside the versions ({@code <version>.tmp}), each forced
     * to disk or a link to the same bytes archived for the last active version, ready to be renamed into place.
     */
    private Path written(String version, List<RuleFile> files) throws IOException {
        Path tmp = root.resolve(version + ".tmp");
        Files.createDirectories(tmp);
        Path previous = lastActive().filter(PolicyArchive::isName).map(root::resolve).filter(Files::isDirectory)
                .orElse(null);
        for (RuleFile f : files) {
            Path target = tmp.resolve(f.name());
            Files.createDirectories(target.getParent());
            byte[] content = f.content().getBytes(StandardCharsets.UTF_8);
            if (!linked(previous == null ? null : previous.resolve(f.name()), target, content)) {
                AtomicFiles.write(target, content); // forced to disk before the rename
            }
        }
        return tmp;
    }

    /** Links {@code target} to {@code same} when that archived file holds {@code content}; false when it does not. */
    private static boolean linked(Path same, Path target, byte[] content) throws IOException {
        if (same == null || !Files.isRegularFile(same) || Files.size(same) != content.length
                || !java.util.Arrays.equals(Files.readAllBytes(same), content)) {
            return false;
        }
        try {
            Files.deleteIfExists(target); // left by a save a crash interrupted
            Files.createLink(target, same);
            return true;
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            return false; // no links here (or not between these folders): written instead
        }
    }

    /** Removes the files of a version (a dropped candidate); its history stays. */
    public void remove(String version) throws IOException {
        if (!isName(version)) {
            return; // checked before it becomes a path: a NUL byte would not even be one
        }
        Path dir = root.resolve(version);
        if (!Files.isDirectory(dir)) {
            return;
        }
        Path gone = root.resolve(version + ".dropped");
        Files.move(dir, gone, StandardCopyOption.ATOMIC_MOVE);
        try (Stream<Path> s = Files.walk(gone)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** True when the files of {@code version} are archived. */
    public boolean has(String version) {
        return isName(version) && Files.isDirectory(root.resolve(version));
    }

    private static boolean isName(String version) {
        return version != null && version.matches("[0-9a-f]{1,64}");
    }

    /** Appends one line to the history, forced to disk before it returns. */
    public void record(PolicyRecord record) throws IOException {
        Files.createDirectories(root);
        String line = Json.MAPPER.writeValueAsString(record) + "\n";
        try (FileChannel ch = FileChannel.open(root.resolve(HISTORY), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
    }

    /** The history, oldest first; a line a crash left torn is skipped. */
    public List<PolicyRecord> history() throws IOException {
        Path file = root.resolve(HISTORY);
        List<PolicyRecord> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(Json.JOURNAL.readValue(line, PolicyRecord.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // a torn line: the record it began was never acknowledged
            }
        }
        return out;
    }

    /** Marks that the rules folder is being rewritten to {@code version}. */
    public void activating(String version) throws IOException {
        AtomicFiles.write(root.resolve(ACTIVATING), version);
    }

    /** The version an activation was writing to the rules folder when the service stopped, if one was. */
    public Optional<String> unfinishedActivation() throws IOException {
        Path mark = root.resolve(ACTIVATING);
        return Files.exists(mark) ? Optional.of(Files.readString(mark).strip()) : Optional.empty();
    }

    /** The rules folder holds the activated version: nothing to finish. */
    public void activated() throws IOException {
        Files.deleteIfExists(root.resolve(ACTIVATING));
    }

    public Optional<List<RuleFile>> load(String version) throws IOException {
        if (!isName(version)) {
            return Optional.empty(); // not a name this archive gives (a slash, "..", a NUL byte...): no such version
        }
        Path dir = root.resolve(version);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        return Optional.of(RuleFolder.read(dir));
    }

    public Optional<String> lastActive() throws IOException {
        Path pointer = root.resolve(ACTIVE);
        return Files.exists(pointer) ? Optional.of(Files.readString(pointer).strip()) : Optional.empty();
    }

    /** Versions on disk, by name. */
    public List<String> versions() throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(PolicyArchive::isName).sorted()
                        .forEach(out::add);
            }
        }
        return out;
    }
}
