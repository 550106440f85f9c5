# Regenerates numpy-cases.json: random training sets with numpy's mean/std and the run-perf model maths
# (runperf-spec §3.2/3.3) evaluated by numpy. Run: python3 gen-numpy-cases.py > numpy-cases.json
import json
import random

import numpy as np

UNCERTAINTY = [7, 2.3, 1.7, 1.4, 1.3, 1.3, 1.2, 1.2]
random.seed(20261201)
cases = []
for k in range(48):
    n = [1, 2, 3, 5, 8, 9, 17, 129, 257][k % 9]
    scale = 10 ** random.uniform(-3, 6)
    v = [random.gauss(1, 0.05) * scale for _ in range(n)]
    t = [4, 8, 2][k % 3]
    case = {"values": v, "tolerance": t, "mean": float(np.mean(v)), "std": float(np.std(v))}
    for kind in ["linear", "stddev"]:
        avg = np.mean(v)
        if kind == "linear":
            hi, lo = max(v), min(v)
        else:
            spread = 3 * np.std(v) * (UNCERTAINTY[n - 1] if n <= 8 else 1)
            hi, lo = avg + spread, avg - spread
        c = t / 100 / 1.1
        hi = max(hi, avg * (1 + c))
        lo = min(lo, avg * (1 - c))
        a, b = np.linalg.solve([[hi, 1], [lo, 1]], [t, -t])
        case[kind] = [float(a), float(b), float((lo - avg) / avg * 100), float((hi - avg) / avg * 100)]
    cases.append(case)
print(json.dumps({"numpy": np.__version__, "cases": cases}))
