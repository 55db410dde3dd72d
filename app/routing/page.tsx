import { RoutingPage } from './_components/routing-page';

export default function Routing() {
  return <RoutingPage />;
}
