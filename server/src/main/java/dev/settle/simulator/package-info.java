/**
 * The simulator: a fake card processor with its own HTTP port, its own tables (schema
 * {@code simulator}) and its own signing secret. Settle's payments module talks to it over
 * HTTP only, exactly as it would to a real processor; magic test card numbers choose the
 * outcome. It can also run on its own ({@code internal.SimulatorMain}).
 */
@ApplicationModule(allowedDependencies = {"shared"})
@NullMarked
package dev.settle.simulator;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
