'use client';
import { useMe } from '../../_lib/can';
import { NotAllowed } from '../ui/not-allowed';
import { LoadingState, PageHeader } from '../ui/states';
import { CreateWorkspaceDialog } from './create-workspace-dialog';
import { DeidCard } from './deid-card';
import { KeysCard } from './keys-card';
import { MembersCard } from './members-card';

/** Workspace administration: members and their roles, integrator API keys, de-identification of incoming DICOM. */
export function SettingsPage() {
  const me = useMe();
  const allowed = me.data?.allowed ?? [];
  const members = allowed.includes('member.manage');
  const keys = allowed.includes('key.manage');
  const deid = allowed.includes('deid.manage');
  const workspace = me.data?.workspaces.find((w) => w.workspaceId === me.data?.workspaceId);
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-8">
      <PageHeader
        title="Settings"
        description={`People, API keys and de-identification of ${workspace ? `the workspace “${workspace.name}”` : 'this workspace'}.`}
        actions={members ? <CreateWorkspaceDialog /> : undefined}
      />
      {me.isPending ? (
        <LoadingState />
      ) : !members && !keys && !deid ? (
        <NotAllowed what="manage members, API keys or de-identification" />
      ) : (
        <>
          {members ? <MembersCard selfId={me.data && 'userId' in me.data ? me.data.userId : undefined} /> : null}
          {keys ? <KeysCard /> : null}
          {deid ? <DeidCard /> : null}
        </>
      )}
    </div>
  );
}
