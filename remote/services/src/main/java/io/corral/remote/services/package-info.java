/**
 * Services: apps kept at N healthy instances (see {@code docs/services.md}).
 *
 * <ul>
 *   <li>{@code app}: app definitions in Marathon's format: reading (JSON or YAML) with validation
 *       that names the field, defaults, partial updates, rendering, constraints, and the TaskInfo
 *       an instance is launched with.</li>
 *   <li>{@code scheduler}: the framework that keeps instances running, replaces the dead, and
 *       runs deployments; it speaks Mesos v1 scheduler calls and events only.</li>
 *   <li>{@code api}: the Marathon-compatible REST API ({@code /v2}), transport-free.</li>
 * </ul>
 */
package io.corral.remote.services;
