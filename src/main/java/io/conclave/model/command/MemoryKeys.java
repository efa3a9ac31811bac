package io.conclave.model.command;

/** What a memory key may be: 1 to 128 letters, digits and {@code _ - . :}. */
final class MemoryKeys {
    static final String PATTERN = "[A-Za-z0-9_.:-]{1,128}";
    static final String MESSAGE = "must be 1 to 128 letters, digits, '_', '-', '.' or ':'";

    private MemoryKeys() {
    }
}
