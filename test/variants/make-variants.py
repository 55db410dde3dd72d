"""The shared T1 (LIA, 256^3, uint8, 1 mm) stored as other scanners and tools would, made with
nibabel and scipy (Debian) so the studio's own geometry code plays no part in building them.

Usage: make-variants.py <t1.nii.gz> <out dir>; prints the variants as JSON lines.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import nibabel as nib
import numpy as np
from nibabel.orientations import axcodes2ornt, io_orientation, ornt_transform
from nibabel.processing import resample_from_to

from dicom_series import write_series  # noqa: E402 (beside this script)

src = nib.load(sys.argv[1])
out = sys.argv[2]


def save(name, img, note):
    img.set_sform(img.affine, code=1)
    img.set_qform(img.affine, code=1)
    nib.save(img, f"{out}/{name}.nii.gz")
    print(json.dumps({"name": name, "file": f"{out}/{name}.nii.gz", "format": "nifti", "shape": list(img.shape), "axcodes": "".join(nib.aff2axcodes(img.affine)), "dtype": str(img.get_data_dtype()), "note": note}))


# RAS, cropped to 197x233x189 around the head, int16 with a scale an MR scanner might use.
ras = src.as_reoriented(ornt_transform(io_orientation(src.affine), axcodes2ornt(("R", "A", "S"))))
crop = ras.slicer[30:227, 12:245, 34:223]
data = np.asanyarray(crop.dataobj).astype(np.int16) * 7 + 12
save("ras-int16-197x233x189", nib.Nifti1Image(data, crop.affine), "permuted and flipped to RAS, cropped, int16")

# Tilted 10 degrees about the left-right axis and 6 about superior-inferior, 1.3 mm voxels, float32.
def rot(axis, deg):
    t = np.deg2rad(deg)
    c, s = np.cos(t), np.sin(t)
    m = np.eye(4)
    i, j = [a for a in range(3) if a != axis]
    m[i, i], m[i, j], m[j, i], m[j, j] = c, -s, s, c
    return m

shape = (200, 200, 200)
zoom = np.diag([1.3, 1.3, 1.3, 1.0])
centre = src.affine @ np.array([127.5, 127.5, 127.5, 1.0])
aff = rot(0, 10) @ rot(2, 6) @ src.affine @ zoom  # the T1 has 1 mm voxels: its columns are unit vectors
aff[:3, 3] = centre[:3] - aff[:3, :3] @ (np.array(shape) - 1) / 2
tilt = resample_from_to(src, (shape, aff), order=1)
save("tilted-1.3mm-float32", nib.Nifti1Image(np.asanyarray(tilt.dataobj).astype(np.float32), aff), "rotated 10 and 6 degrees, 1.3 mm, trilinear, float32")

# An axial MR series (LPS, as scanners write them), one uint16 MR Image Storage file per slice,
# written by pydicom: position and orientation from the affine (RAS -> LPS).
lps = src.as_reoriented(ornt_transform(io_orientation(src.affine), axcodes2ornt(("L", "P", "S"))))
write_series(lps, f"{out}/dicom-mr-lps", "MR")
print(json.dumps({"name": "dicom-mr-lps", "dir": f"{out}/dicom-mr-lps", "format": "dicom", "shape": list(lps.shape), "axcodes": "LPS", "dtype": "uint16", "note": "MR Image Storage series, 256 axial slices, written by pydicom"}))
