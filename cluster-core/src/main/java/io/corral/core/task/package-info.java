/**
 * Tasks as the master tracks them: the Mesos v1 task lifecycle, a pure transition function that
 * returns side effects as data, per-task status-update acknowledgement streams, and reconciliation.
 *
 * <p>Nothing here performs I/O or reads a clock. The master feeds in status updates,
 * acknowledgements and the current {@link java.time.Instant}, and executes the returned
 * {@link io.corral.core.task.SideEffect}s in order.
 */
package io.corral.core.task;
