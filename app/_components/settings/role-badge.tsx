import type { Role } from '../../../domain/auth/permissions';
import { Badge, type BadgeTone } from '../ui/badge';

const tones: Record<Role, BadgeTone> = { admin: 'brand', engineer: 'info', clinician: 'success' };

export function RoleBadge({ role, className }: { role: Role; className?: string }) {
  return <Badge tone={tones[role]} className={className} data-testid="role-badge">{role}</Badge>;
}
