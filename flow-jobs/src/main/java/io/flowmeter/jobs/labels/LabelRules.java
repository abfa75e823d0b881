package io.flowmeter.jobs.labels;

import io.flowmeter.flow.FlowRecord;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A ground-truth label file (option {@code --labels}): rules, first match wins, that give flows their label
 * ({@code benign} or {@code malicious}) and attack family. A CSV file with a header naming its columns, any of
 * {@code label} (required), {@code family}, {@code address} (an address or CIDR network, matched on either side),
 * {@code port} (either side), {@code protocol} ({@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6} or a
 * number), {@code start} and {@code end} (the window the flow starts in: ISO-8601 with an offset or {@code Z}, or
 * epoch seconds); an empty field matches anything; lines starting with {@code #} are comments.
 */
public final class LabelRules implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final List<String> COLUMNS = List.of("label", "family", "address", "port", "protocol", "start",
            "end");

    private final List<LabelRule> rules;
    private final String file;

    private LabelRules(List<LabelRule> rules, String file) {
        this.rules = Collections.unmodifiableList(rules);
        this.file = file;
    }

    /**
     * Reads a label file.
     *
     * @throws IllegalArgumentException naming the file, line and column of what is wrong
     */
    public static LabelRules read(Path path) throws IOException {
        return parse(path.toString(), Files.readAllLines(path, StandardCharsets.UTF_8));
    }

    /**
     * Reads several label files as one: their rules in the order given, the first matching rule winning.
     *
     * @throws IllegalArgumentException naming the file, line and column of what is wrong
     */
    public static LabelRules read(List<Path> paths) throws IOException {
        List<LabelRule> rules = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path path : paths) {
            rules.addAll(read(path).rules());
            names.add(path.toString());
        }
        return new LabelRules(rules, String.join(" + ", names));
    }

    /** The rules of the lines of a label file called {@code file}. */
    static LabelRules parse(String file, List<String> lines) {
        int[] column = null;
        List<LabelRule> rules = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(",", -1);
            String where = file + " line " + (n + 1);
            if (column == null) {
                column = header(where, fields);
                continue;
            }
            rules.add(rule(where, fields, column));
        }
        if (column == null) {
            throw new IllegalArgumentException(file + ": no header line (columns " + String.join(",", COLUMNS) + ")");
        }
        return new LabelRules(rules, file);
    }

    private static int[] header(String where, String[] names) {
        int[] column = new int[COLUMNS.size()];
        java.util.Arrays.fill(column, -1);
        for (int i = 0; i < names.length; i++) {
            int at = COLUMNS.indexOf(names[i].strip().toLowerCase(Locale.ROOT));
            if (at < 0) {
                throw new IllegalArgumentException(where + ": unknown column '" + names[i].strip() + "' (columns: "
                        + String.join(", ", COLUMNS) + ")");
            }
            column[at] = i;
        }
        if (column[0] < 0) {
            throw new IllegalArgumentException(where + ": the header has no label column");
        }
        return column;
    }

    private static LabelRule rule(String where, String[] fields, int[] column) {
        String label = field(fields, column, 0).toLowerCase(Locale.ROOT);
        if (!label.equals("benign") && !label.equals("malicious")) {
            throw new IllegalArgumentException(where + ", column label: must be benign or malicious, got '" + label
                    + "'");
        }
        String address = field(fields, column, 2);
        byte[] network = null;
        int prefix = 0;
        if (!address.isEmpty()) {
            int slash = address.indexOf('/');
            network = address(where, slash < 0 ? address : address.substring(0, slash));
            prefix = slash < 0 ? network.length * 8 : number(where, "address", address.substring(slash + 1));
            if (prefix > network.length * 8) {
                throw new IllegalArgumentException(where + ", column address: prefix /" + prefix + " is longer than"
                        + " the address");
            }
        }
        String port = field(fields, column, 3);
        int portNumber = port.isEmpty() ? LabelRule.ANY : number(where, "port", port);
        if (portNumber > 65535) {
            throw new IllegalArgumentException(where + ", column port: " + port + " is not a port");
        }
        String start = field(fields, column, 5);
        String end = field(fields, column, 6);
        return new LabelRule(label.equals("malicious"), field(fields, column, 1), network, prefix, portNumber,
                protocol(where, field(fields, column, 4)), start.isEmpty() ? Long.MIN_VALUE : time(where, "start", start),
                end.isEmpty() ? Long.MAX_VALUE : time(where, "end", end), where);
    }

    private static String field(String[] fields, int[] column, int which) {
        int at = column[which];
        return at < 0 || at >= fields.length ? "" : fields[at].strip();
    }

    private static byte[] address(String where, String text) {
        // Literal addresses only: a name would be looked up in DNS.
        if (!text.matches("[0-9A-Fa-f:.]+") || !(text.contains(".") || text.contains(":"))) {
            throw new IllegalArgumentException(where + ", column address: not an IP address or CIDR network: '"
                    + text + "'");
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(where + ", column address: not an IP address: '" + text + "'", e);
        }
    }

    private static int number(String where, String name, String text) {
        try {
            int value = Integer.parseInt(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ", column " + name + ": not a number: '" + text + "'", e);
        }
    }

    private static int protocol(String where, String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "":
                return LabelRule.ANY;
            case "tcp":
                return 6;
            case "udp":
                return 17;
            case "icmp":
                return 1;
            case "icmpv6":
                return 58;
            default:
                int number = number(where, "protocol", text);
                if (number > 255) {
                    throw new IllegalArgumentException(where + ", column protocol: " + text + " is not a protocol");
                }
                return number;
        }
    }

    private static long time(String where, String name, String text) {
        try {
            if (text.matches("[0-9]+(\\.[0-9]+)?")) {
                return new BigDecimal(text).movePointRight(9).longValueExact();
            }
            Instant instant = OffsetDateTime.parse(text).toInstant();
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(where + ", column " + name + ": not a time with an offset"
                    + " (2017-07-07T15:00:00-03:00, 2017-07-07T18:00:00Z) or epoch seconds: '" + text + "'", e);
        }
    }

    /** The first rule {@code flow} matches, or null. */
    @Nullable
    public LabelRule ruleOf(FlowRecord flow) {
        byte[] src = bytes(flow.srcIp);
        byte[] dst = bytes(flow.dstIp);
        for (LabelRule rule : rules) {
            if (rule.matches(flow, src, dst)) {
                return rule;
            }
        }
        return null;
    }

    @Nullable
    private static byte[] bytes(String address) {
        try {
            return address == null ? null : InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public List<LabelRule> rules() {
        return rules;
    }

    /** The file the rules were read from. */
    public String file() {
        return file;
    }
}
