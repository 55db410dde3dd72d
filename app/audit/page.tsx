import { AuditPage } from '../_components/audit/audit-page';

export default function Audit() {
  return <AuditPage />;
}
