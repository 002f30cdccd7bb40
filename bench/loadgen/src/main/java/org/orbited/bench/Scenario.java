package org.orbited.bench;

import java.util.Map;

/**
 * One benchmark: it opens its connections, drives its load within its bounds and returns its metrics (only
 * those that apply, in the result file's names). {@link Runner} adds the deadline, the table and the file.
 */
public interface Scenario {
    /** {@code idle}, {@code fanout}, {@code channels}, {@code orbit}, {@code churn}. */
    String name();

    /** The subscriber transport's label ({@code sse}, {@code bayeux-long-polling}, …). */
    String transport();

    CommonOptions common();

    Map<String, Object> run() throws Exception;
}
