package io.flowmeter.job.sink;

import java.io.Serializable;

/** How records of one type become lines of a text file: an optional header line, and one line per record. */
public interface TextLines<T> extends Serializable {

    /** The first line of every file, without the newline; null for none (JSON Lines). */
    String header();

    /** Appends the record's line, without the newline (the writer ends each line). */
    void append(T record, StringBuilder line);
}
