import { getSessionCookie } from 'better-auth/cookies';
import { NextResponse, type NextRequest } from 'next/server';
import { demoSignIn, env } from './server/env';
import { newNonce, pageCsp } from './server/http/page-csp';

/** Pages anyone may open without a session (they still get the page CSP). */
const PUBLIC_PAGE = /^\/sign-in/;

/**
 * Every page gets a Content-Security-Policy with a fresh nonce: Next reads it from the request's
 * CSP header and puts it on its own inline scripts (pages render per request for this).
 * Then the optimistic sign-in check (is there a session cookie?) sends a visitor to sign in, or
 * on the embedded demo signs them in as the demo admin; every procedure and route handler checks
 * the session and permission itself.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = pageCsp(nonce, env.NODE_ENV === 'development');
  let response: NextResponse;
  if (getSessionCookie(request) || PUBLIC_PAGE.test(request.nextUrl.pathname)) {
    const headers = new Headers(request.headers);
    headers.set('content-security-policy', csp);
    response = NextResponse.next({ request: { headers } });
  } else {
    const next = request.nextUrl.pathname + request.nextUrl.search;
    const target = new URL(demoSignIn() ? '/api/auth/demo' : '/sign-in', request.url);
    target.searchParams.set('next', next);
    response = NextResponse.redirect(target);
  }
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  // Pages only (sign-in included): not the API (it answers 401 itself; stored bytes carry their
  // own sandbox CSP), Next's assets, wasm or icons.
  matcher: ['/((?!api/|_next/|wasm/|icon\\.svg|favicon\\.ico).*)'],
};
