#!/usr/bin/env python3
"""Checks that scripts/deps.sh installs every Debian package the build and
the tests look for, and nothing they do not use.

A pristine Debian 12 has only what deps.sh installs, while the machines that
run the tests have everything ever installed: a package missing from
deps.sh passes here and fails for a new user. This check finds the lookups
instead of trusting the machine:

  - CMake's own lookups, from a trace of a fresh configure as `make run`
    does it: pkg_check_modules modules, find_library, find_path,
    find_program, plus the compiler, cmake, make and pkg-config. REQUIRED
    lookups build the server, so the `build` group must provide them;
    optional ones register tests, so `make test`'s groups must.
  - External programs that tests and benchmarks run, declared on a comment
    line `# needs: PROG ...` (or `// needs:`) of the file that runs them; Python
    tests that call subprocess or shutil.which on a literal program name
    without declaring it are reported.

Each lookup is mapped to the Debian package that holds the file found
(`dpkg -S`), and that package must be in the dependency closure of the
group's packages (`apt-cache depends --recurse`). A package of a group that
provides none of that group's lookups is reported as unused.

Usage: check_deps.py [SOURCE_DIR]   (exit 0 when consistent, 1 otherwise)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

# needs: cmake pkg-config dpkg apt-cache node

SRC = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                      os.environ.get("XASO_SRC", os.path.join(os.path.dirname(__file__), "..", "..")))
problems = []


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def deps_groups():
    """The package lists of scripts/deps.sh: {group: [packages]}."""
    text = open(os.path.join(SRC, "scripts", "deps.sh"), encoding="utf-8").read()
    text = text.replace("\\\n", " ")
    groups = {}
    for m in re.finditer(r'^(\w+)="([^"]*)"', text, re.M):
        groups[m.group(1)] = m.group(2).split()
    for g in ("build", "test", "bench", "browser"):
        if g not in groups:
            problems.append(f"scripts/deps.sh: no {g}=\"...\" list")
            groups[g] = []
    return groups


def owner(path):
    """The installed package holding path (trying the /usr-merged twin), or None."""
    if not path:
        return None
    cands = [path, os.path.realpath(path)]
    for p in list(cands):
        if p.startswith("/usr/"):
            cands.append(p[4:])
        elif p.startswith(("/bin/", "/sbin/", "/lib/")):
            cands.append("/usr" + p)
    # A program found outside Debian's packages (a python3 of pyenv, say):
    # the package a pristine system would take it from.
    cands.append("/usr/bin/" + os.path.basename(path))
    for p in cands:
        r = run(["dpkg", "-S", p])
        if r.returncode == 0:
            # "pkg:arch, other: /path" -> the first package
            return r.stdout.split(":")[0].split(",")[0].strip()
    return None


def base_system():
    """Packages every Debian system has (essential, required, and apt)."""
    r = run(["dpkg-query", "-W", "-f", "${Package} ${Essential} ${Priority}\n"])
    base = {"apt"}
    for line in r.stdout.splitlines():
        name, essential, priority = (line.split() + ["", "", ""])[:3]
        if essential == "yes" or priority == "required":
            base.add(name)
    return base


_graph = {}


def load_graph(pkgs):
    """Direct dependencies of pkgs and of everything they reach, from one
    `apt-cache depends --recurse` (virtual packages stand for their
    providers)."""
    r = run(["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests",
             "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", *pkgs])
    cur, virtual = None, False
    for line in r.stdout.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            cur = line.strip().split(":")[0]
            _graph.setdefault(cur, set())
            continue
        m = re.match(r"^\s+\|?(?:Pre)?Depends: (\S+)", line)
        if m:
            dep = m.group(1)
            virtual = dep.startswith("<")
            if not virtual:
                _graph[cur].add(dep.split(":")[0])
        elif virtual and line.startswith("    "):
            _graph[cur].add(line.strip().split(":")[0])


def closure(pkgs):
    out, todo = set(), list(pkgs)
    while todo:
        p = todo.pop()
        if p not in out:
            out.add(p)
            todo.extend(_graph.get(p, ()))
    return out


def cmake_lookups():
    """[(what, package or None, required)] from a traced fresh configure."""
    tmp = tempfile.mkdtemp(prefix="xaso-deps-")
    try:
        trace = os.path.join(tmp, "trace.json")
        r = run(["cmake", "-S", SRC, "-B", os.path.join(tmp, "b"), "--trace-expand",
                 "--trace-format=json-v1", f"--trace-redirect={trace}"])
        if r.returncode != 0:
            problems.append("cmake configure failed: " + r.stderr.strip().splitlines()[-1])
            return []
        cache = {}
        for line in open(os.path.join(tmp, "b", "CMakeCache.txt"), encoding="utf-8"):
            m = re.match(r"^([\w.+-]+):\w+=(.*)$", line.rstrip("\n"))
            if m:
                cache[m.group(1)] = m.group(2)
        found = []
        for line in open(trace, encoding="utf-8"):
            try:
                ev = json.loads(line)
            except ValueError:
                continue
            f = ev.get("file", "")
            if not f.startswith(SRC + os.sep) or "/build" in f[len(SRC):]:
                continue
            cmd, args = ev.get("cmd", "").lower(), ev.get("args", [])
            required = "REQUIRED" in args
            if cmd in ("pkg_check_modules", "pkg_search_module"):
                keywords = {"REQUIRED", "QUIET", "IMPORTED_TARGET", "GLOBAL", "NO_CMAKE_PATH",
                            "NO_CMAKE_ENVIRONMENT_PATH"}
                for mod in args[1:]:
                    if mod in keywords:
                        continue
                    name = re.split(r"[<>=]", mod)[0]
                    pc = run(["pkg-config", "--path", name]).stdout.strip()
                    found.append((f"pkg-config module {name}", owner(pc), required))
            elif cmd in ("find_library", "find_program"):
                var = args[0]
                found.append((f"{cmd}({var})", owner(cache.get(var, "")), required))
            elif cmd == "find_package" and args and args[0] not in ("PkgConfig", "Threads"):
                # A Find module hides which files it found: look packages up
                # with pkg_check_modules (or find_library), which this reads.
                problems.append(f"{os.path.relpath(f, SRC)}:{ev.get('line')}: find_package({args[0]}) "
                                f"cannot be checked; use pkg_check_modules or find_library")
            elif cmd == "find_path":
                var, name = args[0], args[1]
                found.append((f"find_path({var} {name})",
                              owner(os.path.join(cache.get(var, ""), name)), required))
        for var in ("CMAKE_C_COMPILER", "CMAKE_COMMAND", "CMAKE_MAKE_PROGRAM",
                    "PKG_CONFIG_EXECUTABLE"):
            path = cache.get(var) or shutil.which(var == "CMAKE_COMMAND" and "cmake" or "")
            if var == "CMAKE_COMMAND":
                path = shutil.which("cmake")
            found.append((var, owner(path), True))
        return found
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def declared_programs(paths):
    """{program: [files]} from `needs:` lines; flags undeclared Python calls."""
    progs = {}
    for root in paths:
        base = os.path.join(SRC, root)
        for dirpath, dirnames, files in os.walk(base):
            dirnames[:] = [d for d in dirnames if d != "node_modules"]
            for fn in files:
                if not fn.endswith((".py", ".sh", ".mjs", ".lua", ".c")):
                    continue
                p = os.path.join(dirpath, fn)
                text = open(p, encoding="utf-8").read()
                mine = set()
                for m in re.finditer(r"^\s*(?:#|//|--|/?\*)\s*needs:\s*([^\n*]*)", text, re.M):
                    for prog in m.group(1).split():
                        mine.add(prog)
                        progs.setdefault(prog, []).append(os.path.relpath(p, SRC))
                if fn.endswith(".py"):
                    for m in re.finditer(r'(?:subprocess\.\w+\(\s*\[|shutil\.which\()\s*"([\w.+-]+)"', text):
                        if m.group(1) not in mine:
                            problems.append(f"{os.path.relpath(p, SRC)} runs {m.group(1)} without "
                                            f"declaring it on a `needs:` line")
    return progs


def main():
    groups = deps_groups()
    load_graph(sorted({p for g in groups.values() for p in g}))
    make_run = groups["build"]
    make_test = groups["build"] + groups["test"] + groups["browser"]
    per_group = {"build": [], "test": [], "browser": [], "bench": []}

    for what, pkg, required in cmake_lookups():
        g = "build" if required else "test"
        per_group[g].append((what, pkg))
    for prog, files in declared_programs(["tests/unit", "tests/integration", "tests/build"]).items():
        per_group["test"].append((f"program {prog} ({files[0]})", owner(shutil.which(prog))))
    for prog, files in declared_programs(["tests/browser"]).items():
        per_group["browser"].append((f"program {prog} ({files[0]})", owner(shutil.which(prog))))
    for prog, files in declared_programs(["bench"]).items():
        per_group["bench"].append((f"program {prog} ({files[0]})", owner(shutil.which(prog))))

    covering = {"build": make_run, "test": make_test, "browser": make_test,
                "bench": groups["build"] + groups["bench"]}
    base = base_system()
    for g, items in per_group.items():
        have = closure(covering[g]) | base
        for what, pkg in items:
            if pkg is None:
                problems.append(f"[{g}] {what}: not found on this machine, so its package is unknown")
            elif pkg not in have:
                problems.append(f"[{g}] {what} comes from package {pkg}, which "
                                f"`scripts/deps.sh {g}` does not install")
            else:
                print(f"ok [{g}] {what}: {pkg}")

    # Every listed package must provide something its group looks for.
    for g in ("build", "test", "browser", "bench"):
        used_by = [pkg for grp in ((g,) if g != "test" else ("test", "browser"))
                   for _, pkg in per_group[grp] if pkg]
        if g == "build":
            used_by = [pkg for _, pkg in per_group["build"] if pkg]
        for p in groups[g]:
            # Node.js may come from elsewhere than Debian (deps.sh skips it then).
            if p in ("nodejs", "npm") and shutil.which("node"):
                continue
            if not closure([p]) & set(used_by):
                problems.append(f"scripts/deps.sh {g}: {p} provides nothing the {g} looks for "
                                f"(remove it, or declare what uses it)")

    for p in problems:
        print("FAIL", p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
