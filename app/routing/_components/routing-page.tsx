'use client';
import { ShieldAlert } from 'lucide-react';
import { useMe } from '../../_lib/can';
import { EmptyState, LoadingState, PageHeader } from '../../_components/ui/states';
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
        <EmptyState icon={<ShieldAlert className="h-5 w-5" />} title="Not available" description="Your role cannot read routing rules." />
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
