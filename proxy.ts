import { getSessionCookie } from 'better-auth/cookies';
import { NextResponse, type NextRequest } from 'next/server';
import { demoSignIn } from './app/_server/env';

/**
 * Pages need a signed-in person. This is only the optimistic check (is there a session
 * cookie?) that sends a visitor to sign in, or on the embedded demo signs them in as the demo
 * admin; every procedure and route handler checks the session and permission itself.
 */
export function proxy(request: NextRequest) {
  if (getSessionCookie(request)) return NextResponse.next();
  const next = request.nextUrl.pathname + request.nextUrl.search;
  const target = new URL(demoSignIn() ? '/api/auth/demo' : '/sign-in', request.url);
  target.searchParams.set('next', next);
  return NextResponse.redirect(target);
}

export const config = {
  // Pages only: not the API (it answers 401 itself), Next's assets, wasm, icons or the sign-in page.
  matcher: ['/((?!api/|_next/|wasm/|sign-in|icon\\.svg|favicon\\.ico).*)'],
};
