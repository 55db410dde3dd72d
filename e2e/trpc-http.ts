/**
 * Minimal tRPC-over-HTTP client for e2e tests (the studio uses no transformer: plain JSON). It
 * acts as the demo admin: signs in once through /api/auth/demo (the embedded demo's sign-in)
 * and sends that session cookie; `cookie()` gives it to raw fetches.
 */
export function trpcHttp(baseURL: string) {
  let session: Promise<string> | undefined;
  const cookie = () =>
    (session ??= fetch(`${baseURL}/api/auth/demo?next=/`, { redirect: 'manual' }).then((res) => {
      const c = res.headers.getSetCookie().map((v) => v.split(';')[0]).join('; ');
      if (res.status !== 303 || !c) throw new Error(`demo sign-in failed: HTTP ${res.status}`);
      return c;
    }));
  async function unwrap(res: Response, path: string) {
    const body = (await res.json()) as { result?: { data: unknown }; error?: unknown };
    if (!res.ok || !body.result) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(body.error ?? body)}`);
    return body.result.data;
  }
  return {
    cookie,
    async query<T>(path: string, input?: unknown): Promise<T> {
      const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      return (await unwrap(await fetch(`${baseURL}/api/trpc/${path}${q}`, { headers: { cookie: await cookie() } }), path)) as T;
    },
    async mutate<T>(path: string, input: unknown): Promise<T> {
      const res = await fetch(`${baseURL}/api/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: await cookie() },
        body: JSON.stringify(input),
      });
      return (await unwrap(res, path)) as T;
    },
  };
}
