/**
 * Services: apps kept at N instances, as pure decisions.
 *
 * <p>{@link io.corral.core.service.ServicePlanner} takes what a service should be ({@link
 * io.corral.core.service.ServiceSpec}) and what its instances are ({@link
 * io.corral.core.service.Instance}) and returns a {@link io.corral.core.service.Plan}: how many
 * instances to launch, which to kill, and whether the deployment is complete. A rolling change
 * never leaves fewer ready instances than {@code minimumHealthCapacity × instances} nor occupies
 * more than {@code (1 + maximumOverCapacity) × instances} (Marathon's upgrade strategy). {@link
 * io.corral.core.service.PlacementRule} answers Marathon's constraints for one candidate agent,
 * {@link io.corral.core.service.LaunchBackoff} the delay after failures. No I/O, no clock: the
 * service scheduler in {@code remote/services} feeds them and acts on what they return.
 */
package io.corral.core.service;
