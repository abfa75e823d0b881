package io.flowmeter.job;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * How the job reaches Kafka: the brokers, and client properties for everything else a cluster may require
 * (security.protocol, sasl.*, ssl.*), read from a properties file so that credentials stay out of command lines
 * and manifests (on Kubernetes, a Secret mounted as a file).
 */
public final class KafkaConnection implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final Properties clientProperties;

    public KafkaConnection(String bootstrapServers, Properties clientProperties) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = new Properties();
        this.clientProperties.putAll(clientProperties);
    }

    /** Client properties from a Java properties file (UTF-8). */
    public static Properties readProperties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A copy of the client properties, for a source or sink builder to take. */
    public Properties clientProperties() {
        Properties copy = new Properties();
        copy.putAll(clientProperties);
        return copy;
    }
}
