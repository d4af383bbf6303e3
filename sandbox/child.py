"""The candidate's side of grading: runs as a script in its own process.

    python -I -S -B child.py TRACK REQUEST_FD RESULT_FD   (see launch.child_command)

It imports numpy (and torch for the torch track) before it reads anything,
applies the resource limits that come with the file to load, loads the
candidate's file, then answers one request per case. It never sees a
reference or an expected value: it receives inputs and sends back the
candidate's outputs, gradients and exceptions as plain arrays and JSON. The
grading process imports this module only for `send`/`recv`/`apply_layout`.

The wire format is a 8-byte length, a JSON header, then raw array buffers
described by the header (dtype from a fixed whitelist, shape). Nothing on the
wire is ever unpickled or evaluated.

One cohesive thing, over 400 lines: the whole program of the candidate's process
and its wire protocol. It must stay one file: it runs with nothing of sftkl
importable, and the grading process shares its protocol functions.
"""

from __future__ import annotations

import json
import os
import struct
import sys
import time

# dtypes that may cross the wire in either direction
WIRE_DTYPES = ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool")
MAX_HEADER = 1 << 20
MAX_ARRAYS = 64
MAX_OUTPUTS = 16  # elements of a tuple result sent (see _elements)


def _read_exact(fd: int, n: int) -> bytes:
    chunks = []
    while n:
        b = os.read(fd, min(n, 1 << 20))
        if not b:
            raise EOFError
        chunks.append(b)
        n -= len(b)
    return b"".join(chunks)


def send(fd: int, header: dict, arrays: list = ()) -> None:
    """Write one message: header plus the raw bytes of each numpy array."""
    import numpy as np

    metas, bufs = [], []
    for a in arrays:
        a = np.asarray(a)  # tobytes() is C order whatever the layout; keeps 0-d arrays 0-d
        metas.append({"dtype": str(a.dtype), "shape": list(a.shape)})
        bufs.append(a.tobytes())
    head = json.dumps({**header, "_arrays": metas}, allow_nan=True).encode()
    payload = struct.pack("<Q", len(head)) + head
    os.write(fd, payload) if len(payload) < 65536 else _write_all(fd, payload)
    for b in bufs:
        _write_all(fd, b)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view[: 1 << 20])
        view = view[n:]


def recv(fd: int, read=_read_exact, max_bytes: int = 1 << 34):
    """Read one message; returns (header, [arrays]). Validates every array's description
    (a list of at most MAX_ARRAYS, each a whitelisted dtype and a shape of non-negative
    ints, `max_bytes` in all); the header's own keys are the reader's to check."""
    import numpy as np

    (n,) = struct.unpack("<Q", read(fd, 8))
    if n > MAX_HEADER:
        raise ValueError("message header too large")
    header = json.loads(read(fd, n))
    if not isinstance(header, dict):
        raise ValueError("bad message")
    metas = header.pop("_arrays", [])
    if not isinstance(metas, list) or len(metas) > MAX_ARRAYS:
        raise ValueError("bad array list")
    arrays, left = [], max_bytes
    for meta in metas:
        dtype = meta.get("dtype") if isinstance(meta, dict) else None
        shape = meta.get("shape") if isinstance(meta, dict) else None
        if dtype not in WIRE_DTYPES or not isinstance(shape, list) or len(shape) > 32 or not all(
            type(s) is int and 0 <= s < 1 << 40 for s in shape
        ):
            raise ValueError("bad array description")
        count = 1
        for s in shape:
            count *= s
        nbytes = count * np.dtype(dtype).itemsize
        if nbytes > min(left, 1 << 32):
            raise ValueError("array too large")
        left -= nbytes
        arrays.append(np.frombuffer(read(fd, nbytes), dtype=dtype).reshape(shape).copy())
    return header, arrays


def apply_layout(arr, layout: str):
    """Lay a numpy array out in memory as a case asks (values unchanged)."""
    import numpy as np

    if layout == "transposed" and arr.ndim >= 2:
        return np.ascontiguousarray(np.swapaxes(arr, -1, -2)).swapaxes(-1, -2)
    if layout == "strided" and arr.ndim >= 1:
        buf = np.zeros(arr.shape[:-1] + (arr.shape[-1] * 2,), dtype=arr.dtype)
        buf[..., ::2] = arr
        return buf[..., ::2]
    return np.ascontiguousarray(arr)


# ---------------------------------------------------------------------------
# Everything below runs only in the child process.


class _Forbidden(BaseException):
    """Raised by a forbidden built-in; a BaseException so `except Exception` can't hide it."""


class _BlockSftkl:
    """Meta-path finder that refuses to import the grader's own package."""

    def find_spec(self, name, path=None, target=None):
        if name == "sftkl" or name.startswith("sftkl."):
            raise ImportError(f"the grader's own package '{name}' cannot be imported from a submission")
        return None


_forbidden_hit: list[str] = []


def _install_forbidden(names):
    """Replace each dotted name (torch.softmax, torch.Tensor.softmax, ...) by a tripwire."""
    import importlib

    for dotted in names:
        parts = dotted.split(".")
        obj = None
        for i in range(len(parts) - 1, 0, -1):
            try:
                obj = importlib.import_module(".".join(parts[:i]))
            except ImportError:
                continue
            for attr in parts[i:-1]:
                obj = getattr(obj, attr, None)
            break
        if obj is None or not hasattr(obj, parts[-1]):
            continue

        def tripwire(*a, __name=dotted, **k):
            _forbidden_hit.append(__name)
            raise _Forbidden(__name)

        try:
            setattr(obj, parts[-1], tripwire)
        except (TypeError, AttributeError):
            pass


_guard = None  # a TorchDispatchMode active during the candidate's calls, when torch ops are forbidden


def _install_dispatch_guard(names, torch) -> None:
    """See the forbidden built-ins at the dispatcher, however they were reached.

    Each forbidden dotted name ending in NAME forbids the aten ops NAME and _NAME
    (torch.softmax: aten::softmax and aten::_softmax), whether called through torch,
    a Tensor method, torch._C._VariableFunctions or torch.ops.aten. Only ops torch
    knows are kept. A teaching aid like the name check: code that attacks this module
    can defeat it; values are judged in the grading process.
    """
    global _guard
    from torch.utils._python_dispatch import TorchDispatchMode

    ops = set()
    for dotted in names:
        last = dotted.rsplit(".", 1)[-1]
        if last.islower():
            for op in (last, "_" + last.lstrip("_")):
                if hasattr(torch.ops.aten, op):
                    ops.add("aten::" + op)
    if not ops:
        return

    class _Guard(TorchDispatchMode):
        @classmethod
        def _should_skip_dynamo(cls) -> bool:
            return False  # else torch wraps the hook with torch._dynamo, a 2 s import per grade

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            name = func._schema.name
            if name in ops:
                _forbidden_hit.append(name)
                raise _Forbidden(name)
            return func(*args, **(kwargs or {}))

    _guard = _Guard()


def _exc_info(e: BaseException, path: str) -> dict:
    import traceback

    line = None
    for fs in traceback.extract_tb(e.__traceback__):
        if fs.filename == path:
            line = fs.lineno
    msg = str(e)
    if len(msg) > 500:
        msg = msg[:500] + "..."
    return {"type": type(e).__name__, "mro": [c.__name__ for c in type(e).__mro__], "message": msg, "line": line}


def _load(path: str, functions: list[str], raw: bytes | None = None) -> tuple[dict | None, dict]:
    """Load the candidate's file (its bytes, when the grading process sent them: a
    sandboxed child cannot see the file); returns (error or None, namespace)."""
    import difflib

    if raw is None:
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as e:
            return {"key": "load.unreadable", "detail": str(e)}, {}
    try:
        src = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return {"key": "load.not_utf8", "byte": e.start, "line": raw[: e.start].count(b"\n") + 1}, {}
    try:
        code = compile(src, path, "exec", dont_inherit=True)
    except SyntaxError as e:
        return {"key": "load.syntax", "line": e.lineno, "detail": e.msg}, {}
    except ValueError as e:  # null bytes
        return {"key": "load.syntax", "line": None, "detail": str(e)}, {}
    ns: dict = {"__name__": "submission", "__file__": path, "__builtins__": __builtins__}
    try:
        exec(code, ns)
    except ModuleNotFoundError as e:
        return {"key": "load.missing_module", "name": e.name or str(e)}, {}
    except ImportError as e:
        return {"key": "load.import_error", "detail": str(e)[:300]}, {}
    except _Forbidden as e:
        return {"key": "load.forbidden", "name": str(e)}, {}
    except SystemExit as e:
        return {"key": "load.exit", "code": str(e.code)}, {}
    except MemoryError:
        return {"key": "load.memory"}, {}
    except BaseException as e:  # noqa: BLE001 - the candidate may raise anything
        info = _exc_info(e, path)
        return {"key": "load.raised", "type": info["type"], "detail": info["message"], "line": info["line"]}, {}
    for fn in functions:
        if not callable(ns.get(fn)):
            names = [k for k, v in ns.items() if callable(v) and not k.startswith("__")]
            close = difflib.get_close_matches(fn, names, n=1)
            return {"key": "load.missing_function", "name": fn, "suggestion": close[0] if close else ""}, {}
    return None, ns


def _plain(obj, np, torch):
    """Convert a returned object to (kind, ndarray | None) without trusting its methods.

    bfloat16 has no numpy dtype: its values cross the wire exactly as float32, and
    `_bf16_out` tells `_run_case` to report the tensor's own dtype beside them."""
    if torch is not None and isinstance(obj, torch.Tensor):
        with torch._C.DisableTorchFunction():
            t = torch.Tensor.detach(obj)
            if t.device.type != "cpu":
                t = torch.Tensor.cpu(t)
            if t.dtype in (torch.bfloat16,):
                t = torch.Tensor.float(t)
                _bf16_out.append(True)
            if t.is_complex():
                return "tensor-complex", None
            name = str(t.dtype).removeprefix("torch.")
            if name not in WIRE_DTYPES:  # uint64, float8_*, ...: named, never sent
                return "dtype:" + name[:40], None
            arr = torch.Tensor.numpy(torch.Tensor.clone(t))
        return "tensor", np.array(arr, copy=True, subok=False)
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind not in "biuf":
            return f"ndarray-{obj.dtype.kind}", None
        if obj.dtype.name not in WIRE_DTYPES:  # longdouble, uint64, ...: named, never sent
            return "dtype:" + obj.dtype.name[:40], None
        return "ndarray", np.array(obj, copy=True, subok=False)
    if isinstance(obj, np.generic):
        if obj.dtype.kind not in "biuf":
            return "numpy-scalar-other", None
        if obj.dtype.name not in WIRE_DTYPES:
            return "dtype:" + obj.dtype.name[:40], None
        return "numpy-scalar", np.array(obj.item() if obj.dtype.kind in "biu" else obj, dtype=obj.dtype)
    if type(obj) is bool:
        return "bool", np.array(obj)
    if type(obj) in (int, float):
        return type(obj).__name__, np.array(float(obj) if type(obj) is float else obj)
    if type(obj) in (list, tuple):
        def ok(x):
            return type(x) in (int, float, bool) or (type(x) in (list, tuple) and all(ok(y) for y in x))

        if ok(obj):
            try:
                return type(obj).__name__, np.array(obj, dtype=np.float64)
            except ValueError:
                return type(obj).__name__, None
        return type(obj).__name__, None
    if obj is None:
        return "none", None
    return "other:" + type(obj).__name__[:40], None


_bf16_out: list = []  # set by _plain when the returned tensor was bfloat16


def _build_args(spec, arrays, np, torch):
    """Turn the request's argument specs into numpy arrays or torch tensors.

    A spec may ask for a torch dtype numpy lacks (`"dtype": "bfloat16"`): its values
    arrive as float32, exactly representable, and are cast here (strides kept)."""
    args, grads = [], []
    for a in spec:
        if a["kind"] == "value":
            args.append(a["value"])
            continue
        arr = apply_layout(arrays[a["index"]], a.get("layout", "contiguous"))
        if torch is None:
            args.append(arr)
            continue
        t = torch.from_numpy(arr)  # shares the layout (strides) of arr
        if a.get("dtype") == "bfloat16":
            t = t.to(torch.bfloat16)  # preserve_format: a transposed layout stays transposed
        if a.get("grad"):
            t.requires_grad_(True)
            grads.append(len(args))
        args.append(t)
    return args, grads


def _tensor_numpy(t, torch):
    t = t.detach()
    return (t.float() if t.dtype == torch.bfloat16 else t).numpy()


def _snapshot(args, np, torch):
    snap = []
    for a in args:
        if torch is not None and isinstance(a, torch.Tensor):
            snap.append(_tensor_numpy(a, torch).copy())
        elif isinstance(a, np.ndarray):
            snap.append(a.copy())
        else:
            snap.append(None)
    return snap


def _mutated(args, snap, np, torch) -> list[int]:
    out = []
    for i, (a, s) in enumerate(zip(args, snap)):
        if s is None:
            continue
        now = _tensor_numpy(a, torch) if torch is not None and isinstance(a, torch.Tensor) else a
        if now.shape != s.shape or not np.array_equal(now, s, equal_nan=s.dtype.kind == "f"):
            out.append(i)
    return out


def _run_case(fn, req, arrays, np, torch, path):
    args, grad_idx = _build_args(req["args"], arrays, np, torch)
    snap = _snapshot(args, np, torch)
    del _forbidden_hit[:]
    t0 = time.perf_counter()
    try:
        if _guard is not None:
            with _guard:
                out = fn(*args)
        else:
            out = fn(*args)
        elapsed = time.perf_counter() - t0
    except _Forbidden as e:
        return {"outcome": "forbidden", "name": str(e)}, []
    except MemoryError:
        return {"outcome": "memory"}, []
    except OSError as e:
        if e.errno == 27:  # EFBIG: past RLIMIT_FSIZE (Python ignores SIGXFSZ)
            import resource

            return {"outcome": "file_limit", "limit_mb": resource.getrlimit(resource.RLIMIT_FSIZE)[0] >> 20}, []
        info = _exc_info(e, path)
        return {"outcome": "raised", "exception": info, "mutated": _mutated(args, snap, np, torch)}, []
    except BaseException as e:  # noqa: BLE001
        if _forbidden_hit:
            return {"outcome": "forbidden", "name": _forbidden_hit[0]}, []
        info = _exc_info(e, path)
        if "can't allocate memory" in info["message"] or "DefaultCPUAllocator" in info["message"]:
            return {"outcome": "memory"}, []
        return {"outcome": "raised", "exception": info, "mutated": _mutated(args, snap, np, torch)}, []
    if _forbidden_hit:
        return {"outcome": "forbidden", "name": _forbidden_hit[0]}, []
    target = out  # whose gradient is checked
    if req.get("outputs") and issubclass(type(out), (tuple, list)):
        record, sent, items = _elements(out, np, torch)
        result = {"outcome": "returned", "time_s": elapsed, **record}
        g = req.get("grad_output", 0)
        target = items[g] if type(g) is int and 0 <= g < len(items) else None
    else:
        del _bf16_out[:]
        kind, value = _plain(out, np, torch)
        result = {"outcome": "returned", "pytype": kind, "time_s": elapsed}
        if _bf16_out:
            result["dtype"] = "bfloat16"
        sent = []
        if value is not None:
            result["value"] = 0
            sent.append(value)
    if torch is not None and grad_idx:
        result["grads"] = _grads(target, args, grad_idx, req, arrays, np, torch, result, sent, path)
    result["mutated"] = _mutated(args, snap, np, torch)
    return result, sent


def _elements(out, np, torch):
    """A tuple (or list) result of a call whose request declares `outputs`, element by element:
    ({"pytype", "length", "elements"}, arrays, the raw elements). Read with the base classes'
    methods (a subclass may override __len__ / __getitem__); at most MAX_OUTPUTS elements are
    sent, and `length` says how many there were. Each element is what a single result
    would be (pytype, value, the bfloat16 flag) plus `requires_grad`, so that the grader
    sees an element that should have been detached."""
    base = tuple if issubclass(type(out), tuple) else list
    n = base.__len__(out)
    items = [base.__getitem__(out, i) for i in range(min(n, MAX_OUTPUTS))]
    records, sent = [], []
    for item in items:
        del _bf16_out[:]
        try:
            kind, value = _plain(item, np, torch)
        except Exception:  # noqa: BLE001 - e.g. a list that contains itself
            kind, value = "other:" + type(item).__name__[:40], None
        rec = {"pytype": kind, "requires_grad": bool(
            torch is not None and issubclass(type(item), torch.Tensor) and _requires_grad(torch).__get__(item))}
        if _bf16_out and value is not None:
            rec["dtype"] = "bfloat16"
        if value is not None:
            rec["value"] = len(sent)
            sent.append(value)
        records.append(rec)
    return {"pytype": base.__name__, "length": n, "elements": records}, sent, items


def _requires_grad(torch):
    """The base class's `requires_grad` descriptor: a subclass may override the property."""
    base = getattr(torch._C, "TensorBase", None) or torch._C._TensorBase
    return base.requires_grad


def _grads(out, args, grad_idx, req, arrays, np, torch, result, sent, path):
    """Gradients of <out, cotangent> w.r.t. each differentiable input, as plain arrays."""
    if not isinstance(out, torch.Tensor) or not out.requires_grad:
        return {"status": "no-graph"}
    try:
        # Reduce to a scalar and let autograd seed it: passing grad_outputs makes
        # torch import sympy (~0.4 s) on the first call.
        if req.get("cotangent") is not None:
            cot = torch.from_numpy(arrays[req["cotangent"]]).to(out.dtype)
            if tuple(cot.shape) != tuple(out.shape):
                return {"status": "skipped"}
            with torch._C.DisableTorchFunction():
                scalar = (out * cot).sum()
        else:
            if out.numel() != 1:
                return {"status": "skipped"}
            scalar = out.reshape(())
        with torch._C.DisableTorchFunction():
            gs = torch.autograd.grad(scalar, [args[i] for i in grad_idx], allow_unused=True)
    except _Forbidden as e:
        return {"status": "forbidden", "name": str(e)}
    except BaseException as e:  # noqa: BLE001
        return {"status": "raised", "exception": _exc_info(e, path)}
    items = {}
    for i, g in zip(grad_idx, gs):
        if g is None:
            items[str(i)] = None
        else:
            items[str(i)] = len(sent)
            sent.append(np.array(g.detach().to(torch.float64).numpy(), copy=True))
    return {"status": "ok", "items": items}


def apply_limits(limits: dict) -> None:
    """Resource limits for a candidate's process (run in the process itself, before the candidate).

    limits: memory_mb, file_mb, processes (see sandbox/limits.py). RLIMIT_AS is set on Linux
    only (macOS does not enforce it); RLIMIT_NPROC counts every process of the user, so
    it is set relative to the current count, and root ignores it (the sweep covers that).
    """
    import resource

    def setlim(which, value):
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass

    setlim(resource.RLIMIT_CORE, 0)
    setlim(resource.RLIMIT_FSIZE, int(limits["file_mb"]) * 1024 * 1024)
    if sys.platform.startswith("linux"):
        setlim(resource.RLIMIT_AS, int(limits["memory_mb"]) * 1024 * 1024)
        try:
            count = sum(1 for p in os.listdir("/proc") if p.isdigit())
        except OSError:
            count = 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_NPROC)
        want = count + int(limits["processes"])
        if hard == resource.RLIM_INFINITY or want < hard:
            setlim(resource.RLIMIT_NPROC, want)


def _import_track(track: str):
    """Block the grader's package, import numpy (and torch), return (np, torch)."""
    sys.meta_path.insert(0, _BlockSftkl())
    for m in [k for k in sys.modules if k == "sftkl" or k.startswith("sftkl.")]:
        del sys.modules[m]
    # started with -S: the grading process tells us where numpy and torch live
    for d in os.environ.get("SFTKL_SITE_DIRS", "").split(os.pathsep):
        if d and d not in sys.path:
            sys.path.append(d)
    try:
        import numpy as np
    except ImportError:  # an install that needs .pth processing after all
        import site

        site.main()
        import numpy as np

    # Touch the array code a solution will use (ufunc loops, reductions, fancy indexing)
    # while the grading process is still busy with its own imports: a fresh process
    # otherwise pays for it inside the first cases.
    w = np.arange(12.0).reshape(3, 4)
    m = w.max(axis=-1, keepdims=True)
    np.log(np.exp(w - m).sum(axis=-1))[np.array([0, 2])].mean()
    torch = None
    if track == "torch":
        import torch  # noqa: F811 - imported first thing, so its cost overlaps the parent's work

        # One thread: small ops stay in microseconds (an OpenMP pool costs ~10 ms per
        # op on a busy 2-core machine), and timings are comparable between learners.
        torch.set_num_threads(1)
    return np, torch


def serve(rfd: int, wfd: int, np, torch) -> None:
    """Announce readiness, load the candidate's file, then answer one request per case."""
    send(wfd, {"ready": True})
    header, sources = recv(rfd)
    path = header["path"]
    # the limits arrive with the file: the process may have been started before the
    # grade knew its problem, and nothing of the candidate's has run before this point
    apply_limits(header["limits"])
    _install_forbidden(header.get("forbidden", []))
    if torch is not None and header.get("forbidden"):
        _install_dispatch_guard(header["forbidden"], torch)
    err, ns = _load(path, header["functions"], sources[0].tobytes() if sources else None)
    send(wfd, {"loaded": err is None, "error": err})
    if err is not None:
        return
    while True:
        try:
            message, arrays = recv(rfd)
        except EOFError:
            return
        for req in message["batch"]:  # cases back to back, one result message each
            fn = ns[req["call"]]
            arm_cpu(header["limits"].get("cpu_s"))
            result, sent = _run_case(fn, req, arrays, np, torch, path)
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except BaseException:  # noqa: BLE001 - the candidate may have replaced them
                pass
            send(wfd, {"id": req["id"], **result}, sent)


def arm_cpu(cpu_s) -> None:
    """This case's CPU budget (RLIMIT_CPU), set by the process itself: it may always move its
    own soft limit below the hard one, where the grading process may not (the sandbox runs it
    as another uid, and root in a container may lack CAP_SYS_RESOURCE). The grading process
    re-arms it too where it can, and enforces the wall-clock limit either way."""
    if not cpu_s:
        return
    import resource

    try:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(usage.ru_utime + usage.ru_stime + float(cpu_s)) + 1
        hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ValueError, OSError):
        pass


def drop_privileges() -> None:
    """Sandboxed under a root grading process: become the unprivileged uid/gid it chose
    (SFTKL_RUN_AS) before anything else, for good (no supplementary groups, no way back)."""
    uid = os.environ.pop("SFTKL_RUN_AS", None)
    if uid is None:
        return
    uid = int(uid)
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid:
        raise SystemExit(71)


def main(argv: list[str]) -> int:
    drop_privileges()
    if argv[0] == "--zygote":
        return zygote(argv[1], int(argv[2]))
    track, rfd, wfd = argv[0], int(argv[1]), int(argv[2])
    np, torch = _import_track(track)
    serve(rfd, wfd, np, torch)
    return 0


# ---------------------------------------------------------------------------
# The fork server: numpy/torch imported once, a fresh limited process per grade.


def proc_stat(pid: int | str) -> list[bytes] | None:
    """Linux: the fields of /proc/PID/stat after the command name (state, ppid, pgrp,
    session, ...; utime and stime at 11 and 12), or None if the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields if len(fields) > 12 else None


def _children_of(pid: int) -> list[int]:
    out = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return out
    for name in names:
        if name.isdigit():
            fields = proc_stat(name)
            if fields is not None and int(fields[1]) == pid:
                out.append(int(name))
    return out


def set_subreaper() -> bool:
    """Linux: orphaned descendants are re-parented to this process instead of init."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _set_dumpable(on: bool) -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(4, int(on), 0, 0, 0)  # PR_SET_DUMPABLE
        except (OSError, AttributeError):
            pass


def _wipe(root: str) -> None:
    """Empty a directory, leaving alone whatever is mounted inside it (a Python installation
    under /tmp is bound read-only there) and the directories that lead to it. Iterative:
    a learner's directory thousands of levels deep must not crash the fork server."""
    stack, dirs = [root], []
    while stack:
        top = stack.pop()
        try:
            entries = list(os.scandir(top))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not os.path.ismount(entry.path):
                        stack.append(entry.path)
                        dirs.append(entry.path)
                else:
                    os.unlink(entry.path)
            except OSError:
                pass
    for d in reversed(dirs):
        try:
            os.rmdir(d)
        except OSError:
            pass


def zygote(track: str, sock_fd: int) -> int:
    """Serve fork requests on a Unix socket until the grading process goes away.

    A request carries five file descriptors (request pipe, result pipe, stdout, stderr,
    status pipe) and a JSON body (workdir). The forked process starts its own
    session and serves one grade (the limits come with the file it is to load). Its
    exit status is written to the status pipe the moment it ends (SIGCHLD wakes the
    loop: the grading process waits for that status whenever it closes a grade).
    Anything re-parented here that is not a live grade (the orphans of a killed
    submission) is killed, after each grade and at least once a second.
    """
    import select
    import signal
    import socket

    np, torch = _import_track(track)
    # Sandboxed, the server is pid 1 of its namespace (bwrap --as-pid-1): a grade can
    # neither stop nor kill it, and orphans come here. Not dumpable: a grade running as
    # the same user cannot ptrace it or read its memory.
    sandboxed = os.environ.pop("SFTKL_SANDBOXED", None) == "1"
    _set_dumpable(False)
    subreaper = set_subreaper() or os.getpid() == 1
    sock = socket.socket(fileno=sock_fd)
    counter = 0
    active: dict[int, int] = {}
    me = os.getpid()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # a handler, so that SIGCHLD reaches wake_w
    last_scan = 0.0
    try:
        while True:
            ready, _, _ = select.select([sock, wake_r], [], [], 1.0)
            if wake_r in ready:
                try:
                    os.read(wake_r, 4096)
                except OSError:
                    pass
            if sock in ready:
                msg, fds, _, _ = socket.recv_fds(sock, 1 << 16, 5)
                if not msg:
                    return 0
                body = json.loads(msg)
                req_r, res_w, out_w, err_w, status_w = fds
                counter += 1
                workdir = f"/tmp/grade-{counter}" if sandboxed else body["workdir"]
                pid = os.fork()
                if pid == 0:  # the grade's process
                    code = 0
                    try:
                        signal.set_wakeup_fd(-1)  # the server's pipe is closed below
                        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                        os.setsid()
                        _set_dumpable(True)
                        if sandboxed:
                            os.mkdir(workdir, 0o700)
                        # The reply comes from this process: the grading process reads its
                        # pid, as seen from outside our pid namespace, from the socket's
                        # credentials (SO_PASSCRED).
                        sock.sendall(json.dumps({"pid": os.getpid()}).encode())
                        sock.close()
                        os.close(status_w)
                        os.dup2(out_w, 1)
                        os.dup2(err_w, 2)
                        lo, hi = sorted((req_r, res_w))
                        os.closerange(3, lo)
                        os.closerange(lo + 1, hi)
                        os.closerange(hi + 1, 1 << 16)
                        os.chdir(workdir)
                        os.environ.update(HOME=workdir, TMPDIR=workdir)
                        serve(req_r, res_w, np, torch)
                    except BaseException:  # noqa: BLE001 - never return into the server loop
                        code = 70
                    finally:
                        os._exit(code)
                for fd in (req_r, res_w, out_w, err_w):
                    os.close(fd)
                active[pid] = status_w
            reaped = False
            while True:
                try:
                    pid, status = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid == 0:
                    break
                reaped = True
                fd = active.pop(pid, None)
                if fd is not None:
                    try:
                        os.write(fd, json.dumps({"status": status}).encode())
                    except OSError:
                        pass
                    os.close(fd)
            if subreaper and (reaped or time.monotonic() - last_scan >= 1.0):
                last_scan = time.monotonic()
                for orphan in _children_of(me):
                    if orphan not in active:
                        try:
                            os.kill(orphan, signal.SIGKILL)
                        except OSError:
                            pass
            if sandboxed and reaped and not active:
                try:
                    _wipe("/tmp")  # the next grade finds an empty scratch, with all its room
                except Exception:  # noqa: BLE001 - never let a learner's leftovers end the server
                    pass
    finally:
        for pid in list(active):
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
