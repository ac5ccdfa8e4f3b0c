package dev.settle.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time used during a step, from Linux's /proc, split three ways: the server under test (a
 * process and the processes whose command line names its data folder, with all their descendants:
 * Settle's JVM and its embedded PostgreSQL, or the baseline's PostgreSQL), this load generator,
 * and every other process on the machine. (An embedded PostgreSQL is started through pg_ctl, so
 * it is not a descendant of the JVM that started it; its postmaster names its data folder.)
 *
 * <p>CPU per payment is a second figure beside the rate, steadier on a shared machine than the
 * highest clean rate; the other processes' share says how much of the machine the run did not
 * have (on the development VM a kernel memory-reclaim thread, kdamond, took up to a tenth of a
 * core in bursts of 30 to 70 ms twice a second).
 */
final class CpuUse {

    private static final Path PROC = Path.of("/proc");
    /** USER_HZ: the unit of /proc's CPU times, 100 on Linux on x86 and ARM. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** One process's state at an instant: its parent and its CPU ticks so far (user + system). */
    private record Proc(long pid, long parent, String name, long ticks) {
    }

    /** What a step used: server and generator in CPU ms per payment, the busiest others in % of a core. */
    record Step(double serverMsPerPayment, double generatorMsPerPayment, double othersPercent, String busiestOthers) {

        static final Step UNKNOWN = new Step(Double.NaN, Double.NaN, Double.NaN, "");

        String cells() {
            if (Double.isNaN(serverMsPerPayment)) {
                return "? | ? | ?";
            }
            return String.format(Locale.ROOT, "%.2f | %.2f | %.0f%% %s", serverMsPerPayment, generatorMsPerPayment,
                    othersPercent, busiestOthers).trim();
        }
    }

    private final long serverRoot;
    private final String serverDataDir;
    private final long self = ProcessHandle.current().pid();
    private Map<Long, Proc> start;
    private long startNanos;

    /**
     * serverRoot: the server's process, or -1 if unknown (then nothing is measured), and the data
     * folder its PostgreSQL runs in.
     */
    CpuUse(long serverRoot, String serverDataDir) {
        this.serverRoot = serverRoot;
        this.serverDataDir = serverDataDir;
    }

    private static boolean available() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    void begin() {
        if (serverRoot <= 0 || !available()) {
            return;
        }
        start = snapshot();
        startNanos = System.nanoTime();
    }

    Step end(long payments) {
        if (start == null || payments <= 0) {
            return Step.UNKNOWN;
        }
        Map<Long, Proc> end = snapshot();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<Long, List<Long>> children = new HashMap<>();
        end.values().forEach(proc -> children.computeIfAbsent(proc.parent(), parent -> new ArrayList<>()).add(proc.pid()));
        Set<Long> server = descendants(children, end.keySet().stream()
                .filter(pid -> pid == serverRoot || commandLineNames(pid, serverDataDir)).toList());
        server.remove(self);
        Map<String, Double> others = new HashMap<>();
        double serverMs = 0;
        double generatorMs = 0;
        for (Proc proc : end.values()) {
            Proc before = start.get(proc.pid());
            long ticks = proc.ticks() - (before == null ? 0 : before.ticks());
            double ms = ticks * 1000 / TICKS_PER_SECOND;
            if (proc.pid() == self) {
                generatorMs += ms;
            } else if (server.contains(proc.pid())) {
                serverMs += ms;
            } else if (ms > 0) {
                others.merge(proc.name(), ms, Double::sum);
            }
        }
        double othersPercent = others.values().stream().mapToDouble(Double::doubleValue).sum() / seconds / 10;
        String busiest = others.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(entry -> entry.getValue() / seconds / 10 >= 1)
                .limit(3)
                .map(entry -> String.format(Locale.ROOT, "%s %.0f%%", entry.getKey(), entry.getValue() / seconds / 10))
                .collect(Collectors.joining(", ", "(", ")"));
        return new Step(serverMs / payments, generatorMs / payments, othersPercent, busiest.equals("()") ? "" : busiest);
    }

    private static Set<Long> descendants(Map<Long, List<Long>> children, List<Long> roots) {
        Set<Long> found = new HashSet<>();
        List<Long> pending = new ArrayList<>(roots);
        while (!pending.isEmpty()) {
            long pid = pending.removeLast();
            if (found.add(pid)) {
                pending.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        return found;
    }

    private static boolean commandLineNames(long pid, String text) {
        try {
            return text != null && !text.isEmpty()
                    && Files.readString(PROC.resolve(pid + "/cmdline")).replace('\0', ' ').contains(text);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Map<Long, Proc> snapshot() {
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(CpuUse::read)
                    .filter(proc -> proc != null)
                    .collect(Collectors.toMap(Proc::pid, proc -> proc, (a, b) -> a));
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** Fields of /proc/PID/stat after the name in parentheses: state, ppid, ..., utime (14th), stime (15th). */
    private static Proc read(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String[] fields = stat.substring(close + 2).split(" ");
            return new Proc(Long.parseLong(dir.getFileName().toString()), Long.parseLong(fields[1]),
                    stat.substring(open + 1, close), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException e) {
            return null; // the process ended meanwhile
        }
    }
}
