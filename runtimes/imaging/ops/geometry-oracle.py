"""Independent geometry oracle for the reorient and resample tests: nibabel and scipy (Debian).

Reads one JSON job from stdin:
  {"op": "reorient", "src": path, "out": path, "code": "RAS"}
      nibabel's as_reoriented to the orientation code (nibabel's own axis codes).
  {"op": "resample", "src": path, "grid": path, "out": path, "order": 0|1|3, "pad": number}
      scipy.ndimage.affine_transform of src onto the grid (shape and affine) of the file `grid`,
      through both files' sform affines; linear extends edges ('nearest'), cubic mirrors ('mirror');
      points more than half a voxel outside src's field of view get `pad`.
Writes a NIfTI (float32 for order > 0) with the output affine as sform and qform.
"""
import json
import sys

import nibabel as nib
import numpy as np
from nibabel.orientations import axcodes2ornt, io_orientation, ornt_transform
from scipy import ndimage

job = json.load(sys.stdin)
src = nib.load(job["src"])
if job["op"] == "reorient":
    ornt = ornt_transform(io_orientation(src.affine), axcodes2ornt(tuple(job["code"])))
    out = src.as_reoriented(ornt)
    img = nib.Nifti1Image(np.asanyarray(out.dataobj), out.affine)
else:
    grid = nib.load(job["grid"])
    data = np.asanyarray(src.dataobj).astype(np.float64)
    vox = np.linalg.inv(src.affine) @ grid.affine  # grid voxel -> src voxel
    order = job["order"]
    mode = "mirror" if order == 3 else "nearest"
    res = ndimage.affine_transform(data, vox[:3, :3], offset=vox[:3, 3], output_shape=grid.shape[:3], order=order, mode=mode)
    idx = np.indices(grid.shape[:3]).reshape(3, -1)
    pos = vox[:3, :3] @ idx + vox[:3, 3:4]
    n = np.array(src.shape[:3])[:, None]
    inside = np.all((pos >= -0.5) & (pos <= n - 0.5), axis=0).reshape(grid.shape[:3], order="C")
    res[~inside] = job["pad"]
    res = res.astype(src.get_data_dtype() if order == 0 else np.float32)
    img = nib.Nifti1Image(res, grid.affine)
img.set_sform(img.affine, code=1)
img.set_qform(img.affine, code=1)
nib.save(img, job["out"])
