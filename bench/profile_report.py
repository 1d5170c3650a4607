"""Where the gateway's CPU went, per departure: bench/profile's report.

Arguments: the text of `jfr print --events jdk.ExecutionSample`, the per-thread CPU ticks before
and after the measured window (TID NAME TICKS), the departures served in it, its seconds, the
clock ticks per second, and when the window began and ended (HH:MM:SS, the recording's clock):
only the samples taken in it count. Each sample counts for the part of the gateway its innermost frame
belongs to (JDK frames count for their caller): which code the CPU ran on behalf of.
"""
import re
import sys
from collections import Counter

PARTS = [
    ("JSON (Jackson, Vert.x JSON)", ("com.fasterxml.jackson.", "io.vertx.core.json.", "io.quarkus.jackson.")),
    ("metrics (Micrometer)", ("io.micrometer.", "io.quarkus.micrometer.")),
    ("access log", ("io.quarkus.vertx.http.runtime.filters.accesslog.",)),
    ("fault tolerance (SmallRye)", ("io.smallrye.faulttolerance.",)),
    ("execution store", ("io.departure.gateway.execution.",)),
    ("engine", ("io.departure.gateway.engine.",)),
    ("backend guard and client", ("io.departure.gateway.backend.", "io.departure.gateway.flight.", "io.departure.gateway.forecast.")),
    ("the sync view and the departure document", ("io.departure.gateway.departure.", "io.departure.gateway.sync.")),
    ("shedding, limits, security", ("io.departure.gateway.shedding.", "io.departure.gateway.limits.", "io.departure.gateway.security.")),
    ("gateway, other", ("io.departure.gateway.",)),
    ("Mutiny", ("io.smallrye.mutiny.",)),
    ("CDI, context propagation", ("io.quarkus.arc.", "io.smallrye.context.", "io.quarkus.vertx.core.runtime.")),
    ("REST layer (Quarkus REST)", ("org.jboss.resteasy.reactive.", "io.quarkus.resteasy.reactive.")),
    ("routing (Vert.x Web, Quarkus HTTP)", ("io.vertx.ext.web.", "io.quarkus.vertx.http.")),
    ("logging", ("org.jboss.logging.", "org.jboss.logmanager.")),
]
JDK = ("java.", "javax.", "jdk.", "sun.", "com.sun.")


def part(frames):
    for frame in frames:
        if frame.startswith(JDK):
            continue
        for name, prefixes in PARTS:
            if frame.startswith(prefixes):
                return name
        if frame.startswith("io.vertx.core.http.impl.") or frame.startswith("io.vertx.core.net.impl."):
            cls = frame.split("(")[0]
            return "HTTP client (Vert.x)" if "Client" in cls or "pool" in cls else "HTTP server (Vert.x)"
        if frame.startswith("io.vertx."):
            return "Vert.x core"
        if frame.startswith("io.netty."):
            return "Netty (sockets, HTTP codec)"
        return "other libraries"
    return "JDK only"


def caller(frames):
    """The innermost frame in the gateway's own code, or else the innermost library (non-JDK) frame's class."""
    for frame in frames:
        if frame.startswith("io.departure.gateway."):
            return re.sub(r"\(.*", "", frame).replace("io.departure.gateway.", "")
    for frame in frames:
        if not frame.startswith(JDK):
            return re.sub(r"\.[^.]*\(.*", "", frame)
    return "JDK"


def samples(path, begin, end):
    frames, inside, at = [], False, ""
    with open(path) as text:
        for line in text:
            line = line.strip()
            if line.startswith("startTime = "):
                at = line.split()[2][:8]
            elif line.startswith("stackTrace = ["):
                frames, inside = [], True
            elif inside and line == "]":
                inside = False
                if begin <= at < end:
                    yield frames
            elif inside and line and line != "...":
                frames.append(line)


def ticks(path):
    out = {}
    with open(path) as text:
        for line in text:
            tid, name, value = line.split()
            out[tid] = (name, int(value))
    return out


def group(name):
    if name.startswith("vert.x-eventloo"):
        return "event loops"
    if re.match(r"(GC_Thread|G1_|VM_Thread|VM_Periodic)", name):
        return "GC and VM"
    if "CompilerThre" in name:
        return "JIT compilers"
    return "other threads"


def main():
    sample_file, before_file, after_file, requests, seconds, hz, begin, end = sys.argv[1:9]
    requests, seconds, hz = int(requests), float(seconds), int(hz)
    before, after = ticks(before_file), ticks(after_file)
    by_group = Counter()
    for tid, (name, value) in after.items():
        by_group[group(name)] += value - before.get(tid, (name, 0))[1]
    total = sum(by_group.values())
    us = lambda t: 1e6 * t / hz / requests
    print(f"{requests} departures in {seconds:.0f} s ({requests / seconds:.0f}/s); the gateway's CPU: "
          f"{us(total):.1f} µs a departure ({100 * total / hz / seconds:.0f} % of a core)")
    print()
    print("| threads | µs a departure | share |")
    print("|---|---|---|")
    for name, value in by_group.most_common():
        print(f"| {name} | {us(value):.1f} | {100 * value / total:.0f} % |")
    taken = list(samples(sample_file, begin, end))
    counts = Counter(part(frames) for frames in taken)
    n = sum(counts.values())
    java = total - by_group["GC and VM"] - by_group["JIT compilers"]
    print()
    print(f"Java threads' CPU ({us(java):.1f} µs a departure) by the part of the gateway it ran in, from {n} JFR samples:")
    print()
    print("| part | share of samples | µs a departure |")
    print("|---|---|---|")
    for name, value in counts.most_common():
        print(f"| {name} | {100 * value / n:.1f} % | {us(java) * value / n:.1f} |")
    print()
    print("Where the largest parts were called from (the innermost frame of the gateway's own code, else the outermost library frame):")
    print()
    for name, _ in counts.most_common(8):
        callers = Counter(caller(frames) for frames in taken if part(frames) == name)
        print(f"- {name}: " + "; ".join(f"{where} {100 * c / n:.1f} %" for where, c in callers.most_common(4)))


    print()
    print("The gateway's own frames most often innermost (their callees included):")
    print()
    own = Counter(caller(frames) for frames in taken)
    print("; ".join(f"{where} {100 * c / n:.1f} %" for where, c in own.most_common(25)))


if __name__ == "__main__":
    main()
