import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '../../../_server/trpc/root';
import { createContext } from '../../../_server/trpc/init';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const handler = (req: Request) => fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext });

export { handler as GET, handler as POST };
