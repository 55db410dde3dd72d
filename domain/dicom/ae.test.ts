import { describe, expect, it } from 'vitest';
import { admitCaller, AeTitle, DimseDestination, parseAeWorkspaces } from './ae';

describe('AE titles', () => {
  it('accepts 1-16 printable characters, trims spaces, refuses backslash, control characters and blanks', () => {
    expect(AeTitle.parse(' ORTHANC ')).toBe('ORTHANC');
    expect(AeTitle.parse('CT-1_A.B')).toBe('CT-1_A.B');
    for (const bad of ['', '    ', 'A\\B', 'TAB\tX', 'SEVENTEEN_CHARSXX']) expect(AeTitle.safeParse(bad).success, bad).toBe(false);
  });

  it('parses the calling AE -> workspace map and names the bad entry', () => {
    expect(parseAeWorkspaces(undefined)).toBeUndefined();
    expect(parseAeWorkspaces(' ')).toBeUndefined();
    expect([...parseAeWorkspaces('ORTHANC=ws_default, CT1=ws_x')!]).toEqual([
      ['ORTHANC', 'ws_default'],
      ['CT1', 'ws_x'],
    ]);
    expect(() => parseAeWorkspaces('ORTHANC')).toThrow(/"ORTHANC" is not CALLING_AE=workspace_id/);
    expect(() => parseAeWorkspaces('A=ws 1')).toThrow(/workspace id/);
    expect(() => parseAeWorkspaces('A=x,A=y')).toThrow(/mapped twice/);
    expect(() => parseAeWorkspaces('WAY_TOO_LONG_AE_TITLE=x')).toThrow(/at most 16/);
  });

  it('admits by called AE, then by the map when there is one', () => {
    const open = { ownAet: 'STUDIO', map: undefined, defaultWorkspace: 'ws_default' };
    const mapped = { ...open, map: new Map([['ORTHANC', 'ws_x']]) };
    expect(admitCaller(open, 'ANYONE', 'STUDIO ')).toEqual({ accept: true, workspaceId: 'ws_default' });
    expect(admitCaller(open, 'ANYONE', 'OTHER')).toEqual({ accept: false, reason: 'called-ae' });
    expect(admitCaller(mapped, 'ORTHANC ', 'STUDIO')).toEqual({ accept: true, workspaceId: 'ws_x' });
    expect(admitCaller(mapped, 'STRANGER', 'STUDIO')).toEqual({ accept: false, reason: 'calling-ae' });
  });

  it('validates a destination', () => {
    expect(DimseDestination.parse({ aeTitle: 'PACS ', host: '10.0.0.5', port: 104 })).toEqual({ aeTitle: 'PACS', host: '10.0.0.5', port: 104 });
    expect(DimseDestination.safeParse({ aeTitle: 'PACS', host: 'h', port: 70000 }).success).toBe(false);
  });
});
