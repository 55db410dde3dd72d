import { safeNextPath } from '../../domain/auth/next-path';
import { demoSignIn } from '../../server/env';
import { SignInForm } from './sign-in-form';

// The demo buttons depend on the running server's environment, not the build's.
export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  return <SignInForm next={safeNextPath(next)} demo={demoSignIn()} />;
}
