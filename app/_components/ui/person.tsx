/** A person as pages show them: name and email (the id only when no user has it: the system, a key). */
export type PersonView = { name: string; email: string } | null | undefined;

export function PersonName({ person, fallback }: { person: PersonView; fallback: string }) {
  if (!person) return <span className="text-slate-500" title={fallback}>{fallback}</span>;
  return (
    <span data-testid="person" title={person.email}>
      {person.name !== person.email ? <span className="text-slate-900">{person.name} </span> : null}
      <span className="text-slate-500">{person.email}</span>
    </span>
  );
}

/** The same as plain text (sort keys, option labels). */
export const personText = (person: PersonView, fallback: string) => (person ? (person.name !== person.email ? `${person.name} <${person.email}>` : person.email) : fallback);
