package org.aqmrg.db;

/**
 * The replica as {@code /health/ready} shows it.
 *
 * @param inUse whether reads go to it now
 * @param lagSeconds how far behind the primary it was at the last check; null when unknown
 * @param problem why reads do not use it; null while they do
 * @param readsOnReplica reads it served since start
 * @param readsOnPrimary reads meant for it that the primary served (it was behind, down or not yet
 *     checked)
 */
public record ReplicaStatus(
    String target,
    boolean inUse,
    Double lagSeconds,
    String problem,
    long readsOnReplica,
    long readsOnPrimary) {}
