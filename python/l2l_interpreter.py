"""Runs a tool with a python3 that has the modules it needs.

The tools (tools/l2l-plot, tools/l2l-replay-plot, bench/meta_learning_report.py)
start with `#!/usr/bin/env python3`, the first python3 on PATH, and call

    l2l_interpreter.require("l2l-plot", ("h5py", "numpy", "matplotlib"))

before importing those modules. When this interpreter lacks one of them (a
virtual environment or a module-loaded Python without h5py comes first on
PATH), the tool runs again under the first python3 on PATH that imports them
all, then /usr/bin/python3; when none does, it exits 2 saying what it needs
and what each interpreter lacked.
"""
import os
import subprocess
import sys

# Set in the environment of the re-run tool: it reports instead of searching again.
_TRIED = "L2L_INTERPRETER_TRIED"
_FALLBACK = "/usr/bin/python3"
_DEBIAN = {"h5py": "python3-h5py", "numpy": "python3-numpy", "matplotlib": "python3-matplotlib"}


def _import_error(modules):
    for module in modules:
        try:
            __import__(module)
        except ImportError as e:
            return str(e) or f"no module {module}"
    return None


def candidates():
    """python3 on PATH, in PATH order, then /usr/bin/python3 (each path once)."""
    found = []
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        path = os.path.join(folder or ".", "python3")
        if os.path.isfile(path) and os.access(path, os.X_OK) and path not in found:
            found.append(path)
    if _FALLBACK not in found and os.path.isfile(_FALLBACK):
        found.append(_FALLBACK)
    return found


def _lacks(interpreter, modules):
    """Why `interpreter` cannot import `modules` (its last error line), or None if it can."""
    try:
        p = subprocess.run([interpreter, "-c", "import " + ", ".join(modules)], capture_output=True, text=True,
                           timeout=120, env={k: v for k, v in os.environ.items() if k != _TRIED})
    except (OSError, subprocess.TimeoutExpired) as e:
        return str(e)
    if p.returncode == 0:
        return None
    lines = p.stderr.strip().splitlines()
    return lines[-1] if lines else f"exit status {p.returncode}"


def require(tool, modules):
    """Returns if this interpreter imports `modules`; else re-runs the tool under one that does,
    or exits 2 naming the modules and what each python3 tried lacked."""
    error = _import_error(modules)
    if error is None:
        return
    tried = [f"{sys.executable}: {error}"]
    if not os.environ.get(_TRIED):
        for interpreter in candidates():
            if interpreter == sys.executable:
                continue
            why = _lacks(interpreter, modules)
            if why is None:
                os.environ[_TRIED] = "1"
                sys.stdout.flush()
                os.execv(interpreter, [interpreter, os.path.abspath(sys.argv[0])] + sys.argv[1:])
            tried.append(f"{interpreter}: {why}")
    packages = " ".join(_DEBIAN.get(m, "python3-" + m) for m in modules)
    print(f"{tool}: error: needs a python3 that imports {', '.join(modules)} (Debian, Ubuntu: apt-get install "
          f"{packages}; or put such a python3 first on PATH); none found:\n  " + "\n  ".join(tried), file=sys.stderr)
    sys.exit(2)
