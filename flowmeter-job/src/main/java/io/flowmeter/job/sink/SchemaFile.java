package io.flowmeter.job.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code _schema.json} beside the flow files: their format, name pattern and columns with types ({@code string},
 * {@code int64}, {@code double}), for whoever reads the directory without this project's docs. The leading
 * underscore keeps Spark, Hive and the like from taking it for data.
 */
public final class SchemaFile {

    public static final String NAME = "_schema.json";

    private SchemaFile() {}

    /** Writes (or replaces) the schema file of {@code format} files in {@code columns} in {@code directory}. */
    public static void write(Path directory, OutputFormat format, FlowColumns<?> columns, String description)
            throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode schema = json.createObjectNode();
        schema.put("description", description);
        schema.put("format", format.label());
        schema.put("files", FlowFileSink.PART_PREFIX + "-*" + format.suffix());
        ArrayNode fields = schema.putArray("columns");
        for (FlowColumns.Column<?> column : columns.columns()) {
            fields.addObject().put("name", column.name).put("type", type(column.kind));
        }
        Files.write(directory.resolve(NAME), json.writeValueAsBytes(schema));
    }

    private static String type(FlowColumns.Kind kind) {
        switch (kind) {
            case TEXT:
                return "string";
            case WHOLE:
                return "int64";
            default:
                return "double";
        }
    }
}
