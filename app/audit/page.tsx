import { AuditPage } from '../_components/audit/audit-page';
import { Gate } from '../_components/ui/not-allowed';

export default function Audit() {
  return (
    <Gate action="audit.read" what="read the audit log">
      <AuditPage />
    </Gate>
  );
}
