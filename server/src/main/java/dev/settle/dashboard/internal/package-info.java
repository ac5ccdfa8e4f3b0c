@NullMarked
package dev.settle.dashboard.internal;

import org.jspecify.annotations.NullMarked;
