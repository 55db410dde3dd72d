/**
 * PS3.15 E.1 action codes: D dummy, Z empty (or dummy), X remove, K keep, C clean, U new UID;
 * compound codes let the de-identifier pick by the attribute's type in the IOD.
 */
export type ActionCode = 'X' | 'Z' | 'D' | 'U' | 'K' | 'C' | 'X/Z' | 'X/D' | 'Z/D' | 'X/Z/D' | 'X/Z/U*';

/** The option columns of Table E.1-1 (the studio offers three of them, see DeidOptions). */
export type OptionKey =
  | 'retainSafePrivate'
  | 'retainUids'
  | 'retainDeviceIdentity'
  | 'retainInstitutionIdentity'
  | 'retainPatientCharacteristics'
  | 'retainLongitudinalFullDates'
  | 'retainLongitudinalModifiedDates'
  | 'cleanDescriptors'
  | 'cleanStructuredContent'
  | 'cleanGraphics';

export type ProfileRow = readonly [tag: string, name: string, basic: ActionCode, options: Partial<Record<OptionKey, ActionCode>>];
