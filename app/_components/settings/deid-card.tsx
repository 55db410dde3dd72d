'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { describeError } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Button } from '../ui/button';
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from '../ui/card';
import { Input, Label } from '../ui/input';
import { Select } from '../ui/select';
import { ErrorState, LoadingState } from '../ui/states';
import { Switch } from '../ui/switch';
import { toast } from '../ui/toast';

type Settings = {
  enabled: boolean;
  retainDates: boolean;
  retainPatientCharacteristics: boolean;
  cleanDescriptors: boolean;
  burnedIn: 'refuse' | 'flag';
  safePrivate: { group: string; creator: string; element: string }[];
  reidentify: boolean;
};

const SWITCHES: [keyof Settings, string, string][] = [
  ['enabled', 'De-identify incoming DICOM', 'Uploads and STOW-RS (and the DICOM port) store a de-identified copy only (PS3.15 Basic Application Level Confidentiality Profile).'],
  ['retainDates', 'Keep longitudinal dates, shifted', 'Dates move by a per-patient number of days, the same for all of that patient\'s studies in this workspace.'],
  ['retainPatientCharacteristics', 'Keep patient characteristics', 'Age, sex, size, weight and the like are kept.'],
  ['cleanDescriptors', 'Keep descriptions, cleaned', 'Study and series descriptions, protocol names and comments are kept, with the patient\'s names and ids blanked out.'],
  ['reidentify', 'Keep a re-identification map', 'The originals (patient, UIDs) are stored encrypted; an admin can look one up, and every lookup is audited.'],
];

const formatSafe = (s: Settings['safePrivate']) => s.map((e) => `${e.group},${e.creator},${e.element}`).join('; ');
const parseSafe = (text: string) =>
  text
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => {
      const [group = '', creator = '', element = ''] = e.split(',').map((p) => p.trim());
      return { group, creator, element };
    });

/** The workspace's de-identification of incoming DICOM (admins). */
export function DeidCard() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const current = useQuery(trpc.deid.get.queryOptions());
  const [draft, setDraft] = useState<Settings | null>(null);
  const [safe, setSafe] = useState('');
  useEffect(() => {
    if (current.data) {
      setDraft(current.data);
      setSafe(formatSafe(current.data.safePrivate));
    }
  }, [current.data]);
  const save = useMutation(
    trpc.deid.update.mutationOptions({
      onSuccess: () => {
        void qc.invalidateQueries({ queryKey: trpc.deid.get.queryKey() });
        toast({ tone: 'success', title: 'De-identification settings saved' });
      },
      onError: (e) => toast({ tone: 'error', title: 'Could not save the settings', description: describeError(e).message }),
    }),
  );
  return (
    <Card data-testid="deid-card">
      <CardHeader>
        <div>
          <CardTitle>De-identification</CardTitle>
          <CardDescription>Off by default. Applies to DICOM received from now on; scans already stored are not changed.</CardDescription>
        </div>
      </CardHeader>
      {current.isPending || !draft ? (
        current.isError ? <div className="p-4"><ErrorState title="Could not load the settings" {...describeError(current.error)} /></div> : <LoadingState label="Loading…" />
      ) : (
        <CardBody className="flex flex-col gap-4">
          {SWITCHES.map(([key, label, hint]) => (
            <div key={key} className="flex items-start gap-3">
              <Switch id={`deid-${key}`} checked={draft[key] as boolean} onCheckedChange={(v) => setDraft({ ...draft, [key]: v })} />
              <div>
                <Label htmlFor={`deid-${key}`}>{label}</Label>
                <p className="text-xs text-slate-500">{hint}</p>
              </div>
            </div>
          ))}
          <div className="flex items-center gap-3">
            <Label>Images that may have burned-in text (BurnedInAnnotation YES; US, XA, RF, ES, XC, GM, OT, Secondary Capture)</Label>
            <Select
              value={draft.burnedIn}
              onValueChange={(v) => setDraft({ ...draft, burnedIn: v as Settings['burnedIn'] })}
              options={[{ value: 'refuse', label: 'Refuse them' }, { value: 'flag', label: 'Store them, flagged in the audit log' }]}
            />
          </div>
          <div>
            <Label htmlFor="deid-safe">Private elements to keep (group,creator,element; …)</Label>
            <Input id="deid-safe" value={safe} placeholder="0019,GEMS_ACQU_01,1E" onChange={(e) => setSafe(e.target.value)} />
          </div>
          <div>
            <Button onClick={() => save.mutate({ ...draft, safePrivate: parseSafe(safe) })} disabled={save.isPending}>Save</Button>
          </div>
        </CardBody>
      )}
    </Card>
  );
}
