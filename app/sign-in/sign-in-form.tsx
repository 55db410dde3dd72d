'use client';
import { useState, type FormEvent } from 'react';
import { BrainCircuit, LogIn } from 'lucide-react';
import { safeNextPath } from '../../domain/auth/next-path';
import { ROLES } from '../../domain/auth/permissions';
import { Button } from '../_components/ui/button';
import { Card, CardBody } from '../_components/ui/card';
import { Input, Label } from '../_components/ui/input';
import { ErrorState } from '../_components/ui/states';

/**
 * Email + password against better-auth (POST /api/auth/sign-in/email sets the session cookie).
 * A full navigation afterwards so the shell starts with a fresh query cache for the new person.
 */
export function SignInForm({ next, demo }: { next: string; demo: boolean }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const res = await fetch('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
        credentials: 'same-origin',
      });
      if (res.ok) return window.location.assign(safeNextPath(next));
      // better-auth answers {message}; the studio's own refusals (AUTH_LOCKED) {error:{message}}.
      const body = (await res.json().catch(() => null)) as { message?: string; error?: { message?: string } } | null;
      setError(body?.error?.message || body?.message || `Sign-in failed (HTTP ${res.status})`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
    setPending(false);
  };

  return (
    <div className="flex min-h-full items-center justify-center bg-slate-50 px-4 py-16">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <span className="flex h-8 w-8 items-center justify-center rounded-md bg-brand-600 text-white"><BrainCircuit className="h-4 w-4" /></span>
          <span className="text-base font-semibold text-slate-900">Pipeline Studio</span>
        </div>
        <Card>
          <CardBody className="flex flex-col gap-4 py-5">
            <h1 className="text-lg font-semibold text-slate-900">Sign in</h1>
            <form onSubmit={submit} className="flex flex-col gap-3" data-testid="sign-in-form">
              <div>
                <Label htmlFor="sign-in-email">Email</Label>
                <Input id="sign-in-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="sign-in-email" />
              </div>
              <div>
                <Label htmlFor="sign-in-password">Password</Label>
                <Input id="sign-in-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="sign-in-password" />
              </div>
              {error ? <div data-testid="sign-in-error"><ErrorState title="Could not sign in" message={error} /></div> : null}
              <Button type="submit" variant="primary" disabled={pending} data-testid="sign-in-submit" className="justify-center">
                <LogIn className="h-4 w-4" /> {pending ? 'Signing in…' : 'Sign in'}
              </Button>
            </form>
            <p className="text-xs text-slate-500">No account? An admin of your workspace adds you.</p>
          </CardBody>
        </Card>
        {demo ? (
          <Card className="mt-4">
            <CardBody className="flex flex-col gap-2 py-4">
              <p className="text-xs font-medium text-slate-600">Embedded demo</p>
              {[...ROLES].reverse().map((role) => (
                <Button key={role} asChild size="sm" className="justify-center">
                  <a href={`/api/auth/demo?as=${role}&next=${encodeURIComponent(next)}`} data-testid={`demo-sign-in-${role}`}>Continue as demo {role}</a>
                </Button>
              ))}
            </CardBody>
          </Card>
        ) : null}
      </div>
    </div>
  );
}
