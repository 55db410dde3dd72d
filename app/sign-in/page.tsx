import { demoSignIn } from '../_server/env';
import { SignInForm } from './sign-in-form';

// The demo buttons depend on the running server's environment, not the build's.
export const dynamic = 'force-dynamic';

/** Same-origin relative paths only: never an open redirect. */
const safeNext = (next: unknown) => (typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/');

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  return <SignInForm next={safeNext(next)} demo={demoSignIn()} />;
}
