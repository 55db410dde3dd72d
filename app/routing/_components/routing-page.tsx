'use client';
import { useMe } from '../../_lib/can';
import { NotAllowed } from '../../_components/ui/not-allowed';
import { LoadingState, PageHeader } from '../../_components/ui/states';
import { DeliveriesCard, MatchesCard } from './activity';
import { RulesCard } from './rules-card';

/** Routing rules, the series they matched, and the deliveries of their runs' DICOM outputs (everyone reads; engineers and admins edit). */
export function RoutingPage() {
  const me = useMe();
  const allowed = !!me.data?.allowed.includes('routing.read');
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-8">
      <PageHeader title="Routing" description="Series received from your PACS (C-STORE, STOW-RS) run through a pipeline when they match a rule; results go back to the destinations." />
      {me.isPending ? (
        <LoadingState />
      ) : !allowed ? (
        <NotAllowed what="read routing rules" />
      ) : (
        <>
          <RulesCard />
          <MatchesCard />
          <DeliveriesCard dead />
          <DeliveriesCard />
        </>
      )}
    </div>
  );
}
