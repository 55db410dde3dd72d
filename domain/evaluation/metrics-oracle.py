"""Independent segmentation metrics for metrics.oracle.test.ts (scipy.ndimage + numpy).

stdin: {"tolerance_slack": s, "cases": [{"pred", "ref": raw uint8 paths (i fastest), "dims",
"spacing", "labels", "tol"}]}; stdout: one list of per-label results per case.
Surface = mask minus its binary_erosion (6-connected cross, border_value=0: outside is
background); distances = distance_transform_edt(sampling=spacing) of the complement of the other
surface, read at this surface; HD95 = max of the two directed numpy.percentile(., 95).
"""
import json
import sys

import numpy as np
from scipy import ndimage

job = json.load(sys.stdin)
cross = ndimage.generate_binary_structure(3, 1)
slack = job["tolerance_slack"]


def surface(mask):
    return mask & ~ndimage.binary_erosion(mask, structure=cross, border_value=0)


def one(pred_all, ref_all, label, spacing, tol):
    p, r = pred_all == label, ref_all == label
    n_p, n_r = int(p.sum()), int(r.sum())
    vox_ml = spacing[0] * spacing[1] * spacing[2] / 1000
    sp, sr = surface(p), surface(r)
    res = {
        "label": label, "predVoxels": n_p, "refVoxels": n_r,
        "predSurfaceVoxels": int(sp.sum()), "refSurfaceVoxels": int(sr.sum()),
        "volumePredMl": n_p * vox_ml, "volumeRefMl": n_r * vox_ml,
    }
    if n_p == 0 and n_r == 0:
        return {**res, "dice": 1.0, "hd95Mm": 0.0, "assdMm": 0.0, "surfaceDice": 1.0}
    dice = 2 * int((p & r).sum()) / (n_p + n_r)
    if n_p == 0 or n_r == 0:
        return {**res, "dice": dice, "hd95Mm": None, "assdMm": None, "surfaceDice": 0.0}
    d_p = ndimage.distance_transform_edt(~sr, sampling=spacing)[sp]
    d_r = ndimage.distance_transform_edt(~sp, sampling=spacing)[sr]
    both = np.concatenate([d_p, d_r])
    within = int((d_p <= tol * slack).sum() + (d_r <= tol * slack).sum())
    return {
        **res, "dice": dice,
        "hd95Mm": float(max(np.percentile(d_p, 95), np.percentile(d_r, 95))),
        "assdMm": float(both.mean()),
        "surfaceDice": within / both.size,
    }


out = []
for case in job["cases"]:
    dims, spacing = case["dims"], case["spacing"]
    # file order is i fastest: Fortran order gives array[i, j, k]
    pred = np.fromfile(case["pred"], dtype=np.uint8).reshape(dims, order="F")
    ref = np.fromfile(case["ref"], dtype=np.uint8).reshape(dims, order="F")
    out.append([one(pred, ref, label, spacing, case["tol"]) for label in case["labels"]])
json.dump(out, sys.stdout)
