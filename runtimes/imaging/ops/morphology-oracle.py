"""scipy.ndimage as the oracle for post.morphology and post.components (Debian python3-scipy).

stdin JSON: {"src": raw uint8 path (x fastest), "out": path, "dims": [x, y, z], "spacing": [x, y, z],
             "op": "dilate"|"erode"|"open"|"close"|"fill-holes"|"largest"|"min-voxels",
             "radius": mm, "connectivity": 6|26, "min": voxels}
"""
import json
import sys

import numpy as np
from scipy import ndimage

job = json.load(sys.stdin)
nx, ny, nz = job["dims"]
mask = np.fromfile(job["src"], dtype=np.uint8).reshape(nz, ny, nx) > 0
op = job["op"]


def ball(radius, spacing):
    r = [int(np.floor(radius / s + 1e-9)) for s in spacing]  # x, y, z
    z, y, x = np.mgrid[-r[2]:r[2] + 1, -r[1]:r[1] + 1, -r[0]:r[0] + 1]
    return (x * spacing[0]) ** 2 + (y * spacing[1]) ** 2 + (z * spacing[2]) ** 2 <= radius * radius + 1e-9


if op in ("dilate", "erode", "open", "close"):
    fn = {"dilate": ndimage.binary_dilation, "erode": ndimage.binary_erosion, "open": ndimage.binary_opening, "close": ndimage.binary_closing}[op]
    res = fn(mask, structure=ball(job["radius"], job["spacing"]))
elif op == "fill-holes":
    res = ndimage.binary_fill_holes(mask)
else:
    structure = ndimage.generate_binary_structure(3, 1 if job["connectivity"] == 6 else 3)
    labels, n = ndimage.label(mask, structure=structure)
    sizes = np.bincount(labels.ravel())
    sizes[0] = 0
    keep = sizes == sizes.max() if op == "largest" else sizes >= job["min"]
    keep[0] = False
    res = keep[labels]
res.astype(np.uint8).tofile(job["out"])
