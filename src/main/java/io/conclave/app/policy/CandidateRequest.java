package io.conclave.app.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.conclave.model.policy.RuleFile;
import io.conclave.model.Problem;
import io.conclave.model.command.Checked;

/**
 * A candidate policy: the files to add or replace ({@code "chapter/name.drl": "DRL text"}) and to remove, against
 * a base version (null: the active one), and a note saying what it changes. Nothing goes live.
 */
public record CandidateRequest(
        @Pattern(regexp = "[0-9a-f]{1,64}", message = "must be a policy version (hex digits, as GET /api/policies lists them)")
        String base,
        Map<String, String> files,
        List<String> remove,
        @Size(max = 500, message = "is {max} characters at most") String note) implements Checked {

    public CandidateRequest {
        files = files == null ? Map.of() : files;
        remove = remove == null ? List.of() : remove;
    }

    @Override
    public List<Problem> crossFieldProblems() {
        List<Problem> out = new ArrayList<>();
        if (files.isEmpty() && remove.isEmpty()) {
            out.add(new Problem("$.files", "give at least one file to change ({ \"chapter/name.drl\": \"DRL text\" }) "
                    + "or one to remove"));
        }
        files.forEach((name, text) -> {
            if (!RuleFile.isValidName(name)) {
                out.add(new Problem("$.files." + name, NAMES));
            } else if (text == null) {
                out.add(new Problem("$.files." + name, "is the file's DRL text; to remove a file, list it in remove"));
            } else if (remove.contains(name)) {
                out.add(new Problem("$.files." + name, "is also in remove"));
            }
        });
        for (int i = 0; i < remove.size(); i++) {
            if (!RuleFile.isValidName(remove.get(i))) {
                out.add(new Problem("$.remove[" + i + "]", NAMES));
            }
        }
        return out;
    }

    private static final String NAMES = "name a file as chapter/file.drl: the chapter in lower case letters, digits "
            + "and '_', the file in letters, digits, '_', '-' or '.', ending in .drl";
}
