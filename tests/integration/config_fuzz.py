#!/usr/bin/python3
"""Config fuzzing: malformed, truncated and hostile experiment files.

Every case must end with exit code 2, a message on stderr that names the
problem ("error" and, where there is one, the key), no crash (no signal, no
sanitizer or C++ abort), and nothing written: no results file, checkpoint or
lock file in the run's folder.

  config_fuzz.py L2L SOURCE_DIR [SEED]

Cases: hand-written hostile values for every kind of key (wrong types, huge
numbers, negative sizes, NaN and inf, unknown keys and sections, long strings,
paths into missing folders, non-files), hostile [network]/[agent] tables, and
every example config cut just after a '=', a '"' or a '[' (each a TOML syntax
error) at random places; hostile network files (durations that hung or
divided by zero, unknown tables, a dense 1e5 x 1e5 projection, gene bounds of
+-1e308) and seeds beyond 2^64-1. Then values at the edge of what is allowed
(seed 2^64-1 bare and quoted, bounds +-1e100) must run: exit 0, a results file.
"""
import os
import random
import re
import subprocess
import sys
import tempfile

l2l, source_dir = sys.argv[1], sys.argv[2]
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
examples = os.path.join(source_dir, "examples")
mountaincar = open(os.path.join(examples, "mountaincar_ga.toml")).read()
network = open(os.path.join(examples, "networks", "mountaincar_l2l.toml")).read()

# (name, config text, text the error message must contain (case-insensitive),
#  {file name: text} written beside the config, e.g. a network file)
cases = []


def case(name, text, expect="", files=None):
    cases.append((name, text, expect, files or {}))


# Wrong types.
case("population string", 'population = "ten"\n', "population")
case("population float", "population = 3.5\n", "population")
case("seed bool", "seed = true\n", "seed")
case("generations array", "generations = [1, 2]\n", "generations")
case("optimizer number", "optimizer = 5\n", "optimizer")
case("ga table as value", "ga = 3\n", "ga")
case("sigma string", '[es]\nsigma = "big"\n', "sigma")
case("dimension date", "[benchmark]\ndimension = 1979-05-27\n", "dimension")
case("function inline table", "[benchmark]\nfunction = { name = 'sphere' }\n", "function")
# Huge numbers.
case("population 1e30", "population = 1e30\n", "population")
case("population beyond int64", "population = 99999999999999999999\n", "population")
case("generations 1e300", "generations = 1e300\n", "generations")
case("seed beyond uint64", "seed = 184467440737095516160\n", "seed")
case("dimension x population too big", "population = 1000000000\n[benchmark]\ndimension = 100000000\n", "population")
case("cmaes dimension too big", 'optimizer = "cmaes"\n[benchmark]\ndimension = 100000000\n', "genes")
case("sigma overflow", "[es]\nsigma = 1e999\n", "sigma")
case("snn tasks huge", mountaincar.replace("tasks = 1", "tasks = 1000000000000"), "tasks")
# Negative sizes.
case("population negative", "population = -5\n", "population")
case("generations negative", "generations = -1\n", "generations")
case("dimension negative", "[benchmark]\ndimension = -3\n", "dimension")
case("tournament zero", "[ga]\ntournament_size = 0\n", "tournament_size")
case("elitism >= population", "population = 4\n[ga]\nelitism = 4\n", "elitism")
case("checkpoint_every zero", "checkpoint_every = 0\n", "checkpoint_every")
case("eval_timeout negative", "eval_timeout = -1.0\n", "eval_timeout")
# NaN and inf.
case("target nan", "target_fitness = nan\n", "target_fitness")
case("mutation prob nan", "[ga]\nmutation_prob = nan\n", "mutation_prob")
case("es sigma inf", "[es]\nsigma = inf\n", "sigma")
case("lower nan", "[benchmark]\nlower = nan\n", "lower")
case("bounds inverted", "[benchmark]\nlower = 5.0\nupper = -5.0\n", "lower")
case("failure fitness nan", "failure_fitness = nan\n", "failure_fitness")
case("enkf noise -inf", 'optimizer = "enkf"\n[enkf]\nnoise_variance = [-inf]\n', "noise_variance")
# Unknown keys and sections.
case("unknown key", "populaton = 32\n", "populaton")
case("unknown section key", "[ga]\nmutation_rate = 0.1\n", "mutation_rate")
case("unknown section", "[genetic]\nx = 1\n", "genetic")
case("unknown optimizer", 'optimizer = "pso"\n', "pso")
case("unknown benchmark", '[benchmark]\nfunction = "himmelblau"\n', "himmelblau")
case("unknown environment", mountaincar.replace('environment = "mountaincar"', 'environment = "pong"'), "pong")
case("unknown env parameter", mountaincar.replace("max_steps = 110", "gravity_x = 3"), "gravity_x")
case("env parameter without snn", "[cartpole]\nmax_steps = 10\n", "max_steps")
# Long strings.
case("long optimizer name", 'optimizer = "%s"\n' % ("a" * 100000), "optimizer")
case("long key", "%s = 1\n" % ("k" * 100000), "k" * 20)
case("long output path", 'output = "%s.h5"\n' % ("d/" * 3000), "output")
case("long network file", 'optimizee = "snn"\n[snn]\nnetwork_file = "%s"\n' % ("x" * 50000), "network_file")
case("control characters", 'optimizer = "ga\\u0000\\u0007"\n', "optimizer")
# Paths into missing folders, and things that are not files.
case("output in missing folder", 'output = "no/such/folder/run.h5"\n', "output")
case("output is a folder", 'output = "."\n', "output")
case("missing network file", 'optimizee = "snn"\n[snn]\nnetwork_file = "missing/net.toml"\n', "network_file")
case("network file is a folder", 'optimizee = "snn"\n[snn]\nnetwork_file = "."\n', "network_file")
case("network file /dev/zero", 'optimizee = "snn"\n[snn]\nnetwork_file = "/dev/zero"\n', "network_file")
# Hostile networks.
net_cases = [
    ("population size negative", r"size = 5\b", "size = -5", "size"),
    ("population size huge", r"size = 5\b", "size = 1000000000000", "size"),
    ("population size string", r"size = 5\b", 'size = "5"', "size"),
    ("neuron model unknown", r'model = "lif"', 'model = "hodgkin"', "hodgkin"),
    ("neuron parameter unknown", r"params = \{ t_ref = 1\.0 \}", "params = { t_rfe = 1.0 }", "t_rfe"),
    ("neuron parameter nan", r"params = \{ t_ref = 1\.0 \}", "params = { t_ref = nan }", "t_ref"),
    ("gene bound nan", r"lower = -20\.0", "lower = nan", "lower"),
    ("gene bounds inverted", r"upper = 20\.0", "upper = -30.0", "upper"),
    ("delay zero", r"delay = 1\.0", "delay = 0.0", "delay"),
    ("delay negative", r"delay = 1\.0", "delay = -1.0", "delay"),
    ("dt zero", r"dt = 0\.2", "dt = 0.0", "dt"),
    ("dt inf", r"dt = 0\.2", "dt = inf", "dt"),
    ("projection to missing population", r'to = "out"', 'to = "outt"', "outt"),
    ("genome of missing projection", r'projection = "hidden->out"', 'projection = "hidden->nowhere"', "nowhere"),
    ("encoder observation out of range", r"observation = 1\b", "observation = 7", "observation"),
    ("encoder low > high", r"high = 0\.6", "high = -2.0", "high"),
    ("step duration negative", r"step_duration = 20\.0", "step_duration = -20.0", "step_duration"),
    ("decoder unknown", r'type = "argmax"', 'type = "softmax"', "softmax"),
    ("tie action out of range", r"tie_action = 1", "tie_action = 9", "tie_action"),
]
for name, pattern, replacement, expect in net_cases:
    pattern = "(?m)^" + pattern  # a key, never the text of a comment
    if re.search(pattern, network):
        case("network: " + name, mountaincar.replace('network_file = "networks/mountaincar_l2l.toml"', "")
             + "\n" + re.sub(pattern, replacement, network, count=1), expect)
    else:
        sys.exit("config_fuzz.py: '%s' is no longer in examples/networks/mountaincar_l2l.toml: update the case" % pattern)
case("network without populations", 'optimizee = "snn"\n[network]\ndt = 1.0\n[agent]\n', "")
# Hostile network files (issue 15): durations that hung or divided by zero,
# tables that were silently ignored, a projection too large for memory, bounds
# that give infinite genes. The message names the file, the key and the limit.
net_file_cases = [
    ("step_duration 1e9", r"step_duration = 20\.0", "step_duration = 1e9", "agent.step_duration = 1000000000.0"),
    ("spike_interval 1e19", r"spike_interval = 1\.0", "spike_interval = 1e19", "spike_interval = 1e+19"),
    ("spike_interval beyond the window", r"spike_interval = 1\.0", "spike_interval = 40.0", "at most 20 ms"),
    ("delay huge", r"delay = 1\.0", "delay = 20000.0", "network.projections[0].delay = 20000.0"),
    ("unknown table [snn]", r"\Z", "\n[snn]\ntasks = 2\n", "[snn]: unknown table"),
    ("unknown table [bogus]", r"\Z", "\n[bogus]\nx = 1\n", "[bogus]: unknown table"),
    ("top-level key", r"\A", "dt = 0.2\n", "unknown top-level key"),
    ("gene bounds 1e308", r"lower = -20\.0\nupper = 20\.0", "lower = -1e308\nupper = 1e308",
     "network.genome[0].lower = -1e+308"),
]
for name, pattern, replacement, expect in net_file_cases:
    if not re.search("(?m)" + pattern, network):
        sys.exit("config_fuzz.py: '%s' is no longer in examples/networks/mountaincar_l2l.toml: update the case" % pattern)
    case("network file: " + name, mountaincar.replace("networks/mountaincar_l2l.toml", "net.toml"), expect,
         {"net.toml": re.sub("(?m)" + pattern, replacement.replace("\\", "\\\\"), network, count=1)})
case("network file: dense projection 1e5 x 1e5", mountaincar.replace("networks/mountaincar_l2l.toml", "net.toml"),
     "network.projections[0] (in_vel -> hidden, dense 100000 x 100000, 1e+10 synapses): the network needs about", {"net.toml": network.replace('name = "in_vel"\nsize = 30', 'name = "in_vel"\nsize = 100000')
                                         .replace('name = "hidden"\nsize = 5', 'name = "hidden"\nsize = 100000')})
case("benchmark bounds 1e200", "[benchmark]\nlower = -1e200\nupper = 1e200\n", "lower")
case("seed 2^64 in a file", "seed = 18446744073709551616\n", "seed")
case("seed 2^64 quoted", 'seed = "18446744073709551616"\n', "seed")
case("seed small quoted", 'seed = "42"\n', "seed")
# Garbage.
case("binary bytes", "\x00\x01\x02\xff\xfe garbage", "")
case("duplicate key", "population = 4\npopulation = 8\n", "population")
case("duplicate table", "[ga]\nelitism = 1\n[ga]\nelitism = 2\n", "ga")
case("unclosed table", "[ga\nelitism = 1\n", "")
case("unterminated string", 'optimizer = "ga\n', "")
case("deep nesting", "x = " + "[" * 5000 + "]" * 5000 + "\n", "")

# Every example config (and network file) cut at random places that break its syntax.
example_files = sorted(
    os.path.join(folder, name) for folder in (examples, os.path.join(examples, "networks"))
    for name in os.listdir(folder) if name.endswith(".toml"))
for path in example_files:
    text = open(path).read()
    cuts = [m.end() for m in re.finditer(r'= *"?|\[', text)
            if "#" not in text[text.rfind("\n", 0, m.start()) + 1:m.start()]]  # not in a comment
    for cut in rng.sample(cuts, min(3, len(cuts))):
        case("truncated %s at byte %d" % (os.path.relpath(path, source_dir), cut), text[:cut], "")

# Values at the edge of what is allowed: accepted (exit 0, results written).
accepted = [
    ("seed 2^64-1", "seed = 18446744073709551615\ngenerations = 1\npopulation = 4\n"),
    ("seed 2^64-1 quoted", 'seed = "18446744073709551615"\ngenerations = 1\npopulation = 4\n'),
    ("seed 2^63", "seed = 9223372036854775808\ngenerations = 1\npopulation = 4\n"),
    ("benchmark bounds 1e100", "generations = 1\npopulation = 4\n[benchmark]\nlower = -1e100\nupper = 1e100\n"),
]

failures = []
with tempfile.TemporaryDirectory() as work:
    config = os.path.join(work, "experiment.toml")
    # The examples' relative network_file paths resolve next to the config.
    os.symlink(os.path.join(examples, "networks"), os.path.join(work, "networks"))
    for name, text, expect, files in cases:
        with open(config, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(text)
        for file_name, file_text in files.items():
            with open(os.path.join(work, file_name), "w") as f:
                f.write(file_text)
        run = os.path.join(work, "run")
        os.mkdir(run)
        output = None if "output" in name else "out.h5"
        argv = [l2l, "run", "--config", config] + (["--output", output] if output else [])
        try:
            p = subprocess.run(argv, cwd=run, capture_output=True, text=True, errors="replace", timeout=60)
        except subprocess.TimeoutExpired:
            failures.append("%s: still running after 60 s" % name)
            subprocess.run(["rm", "-rf", run])
            continue
        left = sorted(os.listdir(run))
        message = p.stderr.strip().splitlines()[-1][:300] if p.stderr.strip() else ""
        problems = []
        if p.returncode != 2:
            problems.append("exit code %d, expected 2" % p.returncode)
        if "error" not in p.stderr.lower():
            problems.append("no error message on stderr")
        if expect and expect.lower() not in p.stderr.lower():
            problems.append("the message does not name '%s'" % expect[:40])
        if left:
            problems.append("left files behind: %s" % left)
        if problems:
            failures.append("%s: %s\n    stderr: %s" % (name, "; ".join(problems), message))
        else:
            print("ok  %-45s %s" % (name[:45], message[:150]))
        subprocess.run(["rm", "-rf", run])
        for file_name in files:
            os.remove(os.path.join(work, file_name))
    for name, text in accepted:
        with open(config, "w") as f:
            f.write(text)
        run = os.path.join(work, "run")
        os.mkdir(run)
        p = subprocess.run([l2l, "run", "--config", config, "--output", "out.h5", "--quiet"], cwd=run,
                           capture_output=True, text=True, errors="replace", timeout=60)
        if p.returncode != 0 or not os.path.exists(os.path.join(run, "out.h5")):
            failures.append("accepted %s: exit code %d, expected 0 and a results file\n    stderr: %s"
                            % (name, p.returncode, p.stderr.strip()[-300:]))
        else:
            print("ok  accepted %-36s exit 0" % name)
        subprocess.run(["rm", "-rf", run])

print("config fuzzing: %d cases (+%d accepted), %d failed" % (len(cases), len(accepted), len(failures)))
for failure in failures:
    print("FAIL " + failure)
sys.exit(1 if failures else 0)
