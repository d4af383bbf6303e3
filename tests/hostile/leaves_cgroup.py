# sftkl: problem=sft-loss track=numpy
# expect: wrong
# sandbox-only: as root, basic isolation cannot hold a process that leaves its cgroup
"""A daemon moves itself to the root cgroup (as root it can) and would outlive grading."""
import os


def sft_loss(logits, labels, ignore_index=-100):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            for procs in ("/sys/fs/cgroup/pids/cgroup.procs", "/sys/fs/cgroup/cgroup.procs",
                          "/sys/fs/cgroup/unified/cgroup.procs"):
                try:
                    with open(procs, "w") as f:
                        f.write(str(os.getpid()))
                except OSError:
                    pass
            os.execvp("sleep", ["sleep", "__TOKEN__"])
        os._exit(0)
    os.wait()
    return 0.5
