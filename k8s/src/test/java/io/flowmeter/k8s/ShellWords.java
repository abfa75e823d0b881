package io.flowmeter.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The simple commands of a shell command line, as words: enough of the shell for a Dockerfile's {@code RUN} lines.
 * Commands end at {@code &&}, {@code ||}, {@code ;} and {@code |}; {@code >} and {@code >>} are words of their own;
 * quotes and backslashes work as in {@code sh}; {@code $NAME} and {@code ${NAME}} expand to the variables given,
 * and {@code $(readlink -f WORD)} to WORD (in the image, the paths that this project resolves so are no symbolic
 * links). Glob characters stay as they are. Any other expansion is refused, so that the tests never read a line
 * otherwise than the shell does.
 */
final class ShellWords {

    private final String line;
    private final Map<String, String> variables;
    private final List<List<String>> commands = new ArrayList<>();
    private List<String> command = new ArrayList<>();
    private StringBuilder word;
    private int at;

    private ShellWords(String line, Map<String, String> variables) {
        this.line = line;
        this.variables = variables;
    }

    /** The simple commands of {@code line}, each a list of its words after expansion. */
    static List<List<String>> commands(String line, Map<String, String> variables) {
        return new ShellWords(line, variables).parse();
    }

    private List<List<String>> parse() {
        boolean single = false;
        boolean dbl = false;
        while (at < line.length()) {
            char c = line.charAt(at++);
            if (single) {
                if (c == '\'') {
                    single = false;
                } else {
                    append(c);
                }
            } else if (c == '\\') {
                append(at < line.length() ? line.charAt(at++) : c);
            } else if (c == '$') {
                appendExpansion();
            } else if (dbl) {
                if (c == '"') {
                    dbl = false;
                } else {
                    append(c);
                }
            } else if (c == '\'' || c == '"') {
                single = c == '\'';
                dbl = c == '"';
                startWord();
            } else if (Character.isWhitespace(c)) {
                endWord();
            } else if (c == '>') {
                endWord();
                command.add(consume('>') ? ">>" : ">");
            } else if (c == ';' || c == '|') {
                consume('|');
                endCommand();
            } else if (c == '&') {
                if (!consume('&')) {
                    throw refused("a background command");
                }
                endCommand();
            } else if (c == '`' || c == '~' && word == null) {
                throw refused("'" + c + "'");
            } else {
                append(c);
            }
        }
        if (single || dbl) {
            throw refused("an unterminated quote");
        }
        endCommand();
        return commands;
    }

    private void appendExpansion() {
        if (consume('(')) {
            int end = closingParenthesis();
            List<List<String>> inner = commands(line.substring(at, end), variables);
            at = end + 1;
            if (inner.size() != 1 || inner.get(0).size() != 3 || !inner.get(0).get(0).equals("readlink")
                    || !inner.get(0).get(1).equals("-f")) {
                throw refused("a command substitution other than $(readlink -f WORD)");
            }
            startWord();
            word.append(inner.get(0).get(2));
            return;
        }
        boolean braced = consume('{');
        int start = at;
        while (at < line.length() && (Character.isLetterOrDigit(line.charAt(at)) || line.charAt(at) == '_')) {
            at++;
        }
        String name = line.substring(start, at);
        if (name.isEmpty() || braced && !consume('}')) {
            throw refused("a '$' that names no variable");
        }
        String value = variables.get(name);
        if (value == null) {
            throw refused("$" + name + ", which is not set");
        }
        startWord();
        word.append(value);
    }

    private int closingParenthesis() {
        int depth = 1;
        for (int i = at; i < line.length(); i++) {
            char c = line.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        throw refused("an unterminated $(");
    }

    private boolean consume(char expected) {
        if (at < line.length() && line.charAt(at) == expected) {
            at++;
            return true;
        }
        return false;
    }

    private void startWord() {
        if (word == null) {
            word = new StringBuilder();
        }
    }

    private void append(char c) {
        startWord();
        word.append(c);
    }

    private void endWord() {
        if (word != null) {
            command.add(word.toString());
            word = null;
        }
    }

    private void endCommand() {
        endWord();
        if (!command.isEmpty()) {
            commands.add(command);
        }
        command = new ArrayList<>();
    }

    private IllegalArgumentException refused(String what) {
        return new IllegalArgumentException("the tests do not read " + what + " in: " + line);
    }
}
