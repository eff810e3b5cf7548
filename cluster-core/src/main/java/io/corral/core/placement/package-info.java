/**
 * Why a task can or cannot be placed, as data.
 *
 * <p>{@link io.corral.core.placement.PlacementExplainer} checks one {@link
 * io.corral.core.placement.TaskRequest} against snapshots of every agent and returns a {@link
 * io.corral.core.placement.PlacementReport}: the agents that fit, every {@link
 * io.corral.core.placement.Veto} against the others, and counts per reason worded for operators
 * ("mem: 3 agents have &lt; 512 MB free"). Like Nomad's {@code AllocMetric} and Aurora's {@code Veto},
 * it exists so that no unplaced task is a mystery. The package does no I/O; the shell prints the lines.
 */
package io.corral.core.placement;
