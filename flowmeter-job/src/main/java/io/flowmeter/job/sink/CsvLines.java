package io.flowmeter.job.sink;

import java.io.Serializable;

/** How records of one type become CSV: the header row, and one line per record. */
public interface CsvLines<T> extends Serializable {

    String header();

    /** Appends the record's line, newline included. */
    void append(T record, StringBuilder line);
}
