"""Writes a NIfTI image as a DICOM series with pydicom (one file per slice along the third voxel
axis), geometry from its affine: the independent way the variant tests make DICOM input."""
import os

import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4"


def write_series(img, folder, modality):
    os.makedirs(folder, exist_ok=True)
    lps = np.diag([-1, -1, 1, 1]) @ img.affine  # RAS -> LPS
    data = np.asanyarray(img.dataobj)
    col_step, row_step = lps[:3, 0], lps[:3, 1]  # voxel i runs along a row, voxel j down the columns
    spacing = [round(float(np.linalg.norm(row_step)), 6), round(float(np.linalg.norm(col_step)), 6)]
    iop = [*(col_step / spacing[1]), *(row_step / spacing[0])]
    study, series, frame = generate_uid(), generate_uid(), generate_uid()
    for k in range(data.shape[2]):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = MR_IMAGE_STORAGE
        meta.MediaStorageSOPInstanceUID = generate_uid()
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
        ds.SOPClassUID, ds.SOPInstanceUID = MR_IMAGE_STORAGE, meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
        ds.Modality, ds.PatientName, ds.PatientID = modality, "Variant^T1", "VARIANT-T1"
        ds.PatientBirthDate, ds.PatientSex, ds.ReferringPhysicianName = "", "", ""
        ds.StudyDate, ds.StudyTime, ds.StudyID, ds.AccessionNumber = "20261207", "120000", "1", ""
        ds.SeriesDescription, ds.PatientPosition, ds.Laterality = "T1 variant", "HFS", ""
        ds.PositionReferenceIndicator, ds.Manufacturer = "", "studio tests"
        ds.ImageType = ["ORIGINAL", "PRIMARY", "OTHER"]
        ds.ScanningSequence, ds.SequenceVariant, ds.ScanOptions, ds.MRAcquisitionType = "GR", "SP", "", "3D"
        ds.RepetitionTime, ds.EchoTime, ds.EchoTrainLength, ds.MagneticFieldStrength = 2000, 3, 1, 3
        ds.SeriesNumber, ds.InstanceNumber = 7, k + 1
        ds.ImagePositionPatient = [round(float(v), 6) for v in lps[:3, :3] @ [0, 0, k] + lps[:3, 3]]
        ds.ImageOrientationPatient = [round(float(v), 8) for v in iop]
        ds.PixelSpacing = spacing
        ds.SliceThickness = round(float(np.linalg.norm(lps[:3, 2])), 6)
        ds.Rows, ds.Columns = data.shape[1], data.shape[0]
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
        ds.PixelData = np.ascontiguousarray(data[:, :, k].T.astype(np.uint16)).tobytes()
        ds.is_little_endian, ds.is_implicit_VR = True, False
        ds.save_as(os.path.join(folder, f"IM{k + 1:04d}.dcm"), write_like_original=False)
