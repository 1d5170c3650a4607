package io.departure.gateway.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Dockerfile as its builder reads it: comment lines dropped, continued lines joined, each
 * instruction with the line it starts on, grouped into the stages that {@code FROM} opens; and the
 * comment block above the first instruction, where our Dockerfiles say how to build what they copy.
 */
record Dockerfile(Path path, String header, List<Stage> stages) {

    record Instruction(int line, String keyword, String arguments) {

        /** The words of a shell-form instruction, or the elements of an exec-form (JSON) one. */
        List<String> words() {
            if (arguments.startsWith("[")) {
                try {
                    return new ObjectMapper().readValue(arguments, new TypeReference<List<String>>() {
                    });
                } catch (IOException e) {
                    throw new IllegalArgumentException("line " + line + ": " + arguments, e);
                }
            }
            return List.of(arguments.split("\\s+"));
        }

        boolean isExecForm() {
            return arguments.startsWith("[");
        }
    }

    /** A {@code COPY} or {@code ADD}: its flags, its sources and its destination. */
    record Copy(Instruction instruction, List<String> flags, List<String> sources, String destination) {

        /** The stage or image it copies from, empty when it copies from the build context. */
        Optional<String> from() {
            return flags.stream().filter(f -> f.startsWith("--from=")).map(f -> f.substring("--from=".length())).findFirst();
        }
    }

    record Stage(String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }

        List<Copy> copies() {
            List<Copy> copies = new ArrayList<>();
            for (Instruction instruction : instructions) {
                if (instruction.keyword().equals("COPY") || instruction.keyword().equals("ADD")) {
                    List<String> words = new ArrayList<>(instruction.words());
                    List<String> flags = new ArrayList<>();
                    while (!instruction.isExecForm() && !words.isEmpty() && words.get(0).startsWith("--")) {
                        flags.add(words.remove(0));
                    }
                    String destination = words.remove(words.size() - 1);
                    copies.add(new Copy(instruction, flags, words, destination));
                }
            }
            return copies;
        }
    }

    static Dockerfile read(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path);
        StringBuilder header = new StringBuilder();
        List<Stage> stages = new ArrayList<>();
        StringBuilder pending = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#")) {
                if (stages.isEmpty() && pending == null) {
                    header.append(line.replaceFirst("^#+ ?", "")).append('\n');
                }
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (pending == null) {
                pending = new StringBuilder();
                start = i + 1;
            }
            boolean continued = line.endsWith("\\");
            pending.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continued) {
                String[] split = pending.toString().strip().split("\\s+", 2);
                Instruction instruction = new Instruction(start, split[0].toUpperCase(Locale.ROOT), split.length > 1 ? split[1] : "");
                if (instruction.keyword().equals("FROM")) {
                    List<String> words = instruction.words();
                    int as = words.stream().map(w -> w.toUpperCase(Locale.ROOT)).toList().indexOf("AS");
                    stages.add(new Stage(as < 0 ? String.valueOf(stages.size()) : words.get(as + 1), new ArrayList<>()));
                }
                if (!stages.isEmpty()) {
                    stages.get(stages.size() - 1).instructions().add(instruction);
                } else if (!instruction.keyword().equals("ARG")) {
                    throw new IllegalArgumentException(path + ":" + start + ": " + instruction.keyword() + " before FROM");
                }
                pending = null;
            }
        }
        return new Dockerfile(path, header.toString(), stages);
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
