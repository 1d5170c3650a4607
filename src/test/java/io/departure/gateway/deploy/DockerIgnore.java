package io.departure.gateway.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore} read the way Docker reads it (moby/patternmatcher): each line a pattern
 * of Go's {@code filepath.Match} plus {@code **}, cleaned like {@code filepath.Clean} with a
 * leading {@code /} dropped, {@code !} for an exception; a pattern matches a path or any of its
 * parent directories, and the last pattern that matches a path decides whether it is excluded.
 */
final class DockerIgnore {

    /** One line of the file: its number, its text, and what it matches. */
    record Rule(int line, String text, boolean exception, Pattern regex) {

        boolean matches(String path) {
            return matchesOrParent(regex, path);
        }
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules of {@code file}; none when it does not exist. */
    static DockerIgnore read(Path file) throws IOException {
        return parse(Files.exists(file) ? Files.readString(file) : "");
    }

    static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String pattern = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
            if (pattern.startsWith("#") || pattern.isBlank()) {
                continue;
            }
            pattern = pattern.strip();
            boolean exception = pattern.startsWith("!");
            if (exception) {
                pattern = pattern.substring(1).strip();
            }
            if (!pattern.isEmpty()) {
                pattern = clean(pattern);
                if (pattern.length() > 1 && pattern.startsWith("/")) {
                    pattern = pattern.substring(1);
                }
            }
            rules.add(new Rule(i + 1, lines[i].strip(), exception, Pattern.compile(regex(pattern))));
        }
        return new DockerIgnore(rules);
    }

    /** The rule that excludes {@code path} (relative to the context, with {@code /}), if one does. */
    Optional<Rule> excluding(String path) {
        Rule decided = null;
        for (Rule rule : rules) {
            if (rule.matches(path)) {
                decided = rule;
            }
        }
        return decided == null || decided.exception() ? Optional.empty() : Optional.of(decided);
    }

    /** Whether {@code pattern} (cleaned as a line of the file is) names {@code path} or one of its parent directories. */
    static boolean names(String pattern, String path) {
        return matchesOrParent(Pattern.compile(regex(clean(pattern))), path);
    }

    private static boolean matchesOrParent(Pattern regex, String path) {
        if (regex.matcher(path).matches()) {
            return true;
        }
        String[] parts = path.split("/");
        StringBuilder parent = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            parent.append(i == 0 ? "" : "/").append(parts[i]);
            if (regex.matcher(parent).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Go's {@code filepath.Clean} for slash-separated paths. */
    static String clean(String path) {
        boolean rooted = path.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !parts.isEmpty() && !parts.peekLast().equals("..")) {
                parts.removeLast();
            } else if (!(part.equals("..") && rooted)) {
                parts.addLast(part);
            }
        }
        String joined = String.join("/", parts);
        return rooted ? "/" + joined : joined.isEmpty() ? "." : joined;
    }

    /**
     * The regular expression of a pattern, as patternmatcher compiles it: {@code *} and {@code ?}
     * stop at {@code /}; {@code **} crosses directories ({@code **}{@code /} none too); a
     * backslash escapes; character classes pass as they are, other regexp specials are literal.
     */
    static String regex(String pattern) {
        StringBuilder regex = new StringBuilder("^");
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                i++;
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                    i++;
                }
                regex.append(i + 1 == pattern.length() ? ".*" : "(.*/)?");
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '\\' && i + 1 < pattern.length()) {
                regex.append('\\').append(pattern.charAt(++i));
            } else if (".+()|{}$".indexOf(c) >= 0) {
                regex.append('\\').append(c);
            } else {
                regex.append(c);
            }
        }
        return regex.append('$').toString();
    }
}
