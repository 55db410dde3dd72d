import { StudyViewer } from '../../_components/studies/study-viewer';

/** /studies/{StudyInstanceUID}: the study's series over DICOMweb, one opened in the viewer. */
export default async function Page({ params }: { params: Promise<{ uid: string }> }) {
  const { uid } = await params;
  return <StudyViewer study={uid} />;
}
