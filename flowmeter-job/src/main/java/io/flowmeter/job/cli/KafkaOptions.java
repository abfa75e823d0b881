package io.flowmeter.job.cli;

import io.flowmeter.job.KafkaConnection;
import io.flowmeter.jobs.cli.Usage;


import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The Kafka connection options of both command lines ({@code bin/flowmeter}'s {@link KafkaConnectionOptions} and
 * {@code flowmeter-replay}'s), brokers and a client properties file, checked the same way and turned into a connection.
 */
final class KafkaOptions {

    private static final String HOST_PORT = "(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):[0-9]{1,5}";
    /** Kafka's bootstrap.servers: host:port pairs, IPv6 hosts in brackets. */
    private static final Pattern SERVERS = Pattern.compile(HOST_PORT + "(?:," + HOST_PORT + ")*");

    private KafkaOptions() {}

    /**
     * A connection to {@code servers} (given with option {@code serversOption}) with the client properties of
     * {@code propertiesFile}, if any; a malformed server list or an unreadable file is a usage error.
     */
    static KafkaConnection connection(Usage usage, String serversOption, String servers,
            @Nullable String propertiesFile) {
        if (!SERVERS.matcher(servers).matches()) {
            throw usage.error(serversOption + " must be HOST:PORT[,HOST:PORT...], got '" + servers + "'");
        }
        Properties properties = new Properties();
        if (propertiesFile != null) {
            try {
                properties = KafkaConnection.readProperties(Path.of(propertiesFile));
            } catch (IOException | IllegalArgumentException e) {
                throw usage.error("--kafka-properties: cannot read " + propertiesFile + ": " + e.getMessage());
            }
        }
        return new KafkaConnection(servers, properties);
    }
}
